import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, workspace } from './harness.js';

describe('journey schema', () => {
  it('prints the map schema, and the config schema with --config', async () => {
    const cwd = workspace();
    const map = await runCli(['schema'], { cwd });
    expect(map.code).toBe(0);
    expect(JSON.parse(map.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: expect.stringContaining('journey-map') as string });
    expect(map.stdout).toBe(readFileSync(path.join(REPO_ROOT, 'schemas/journey-map.schema.json'), 'utf8'));
    const config = await runCli(['schema', '--config'], { cwd });
    expect(JSON.parse(config.stdout)).toMatchObject({ $id: expect.stringContaining('journeykit-config') as string });
    const metrics = await runCli(['schema', '--metrics'], { cwd });
    expect(metrics.stdout).toBe(readFileSync(path.join(REPO_ROOT, 'schemas/metrics-report.schema.json'), 'utf8'));
    const both = await runCli(['schema', '--config', '--metrics'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '--config' cannot be used with option '--metrics'");
  });

  it('writes the schema with --output', async () => {
    const cwd = workspace();
    expect((await runCli(['schema', '--output', 'map.json'], { cwd })).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, 'map.json'), 'utf8'))).toHaveProperty('$defs');
  });
});

describe('the schemas', () => {
  type Schema = {
    properties?: Record<string, Schema>;
    $defs?: Record<string, Schema>;
    description?: string;
    additionalProperties?: unknown;
    patternProperties?: Record<string, unknown>;
    type?: unknown;
    items?: Schema;
    allOf?: Schema[];
    if?: Schema;
    then?: Schema;
    anyOf?: Schema[];
  };
  const objects = (schema: Schema, at: string, out: [string, Schema][] = []): [string, Schema][] => {
    if (schema.properties) out.push([at, schema]);
    for (const [k, v] of Object.entries(schema.properties ?? {})) objects(v, `${at}/${k}`, out);
    for (const [k, v] of Object.entries(schema.$defs ?? {})) objects(v, `${at}/$defs/${k}`, out);
    if (schema.items) objects(schema.items, `${at}/items`, out);
    return out;
  };
  it('metrics-report: every property is described and every object closed (it describes output, so no x- keys)', () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/metrics-report.schema.json'), 'utf8')) as Schema;
    const found = objects(schema, '#');
    expect(found.length).toBeGreaterThan(10);
    for (const [at, object] of found) {
      for (const [key, property] of Object.entries(object.properties!)) {
        expect(property.description ?? (property as { $ref?: string }).$ref, `${at}/${key}`).toBeTruthy();
      }
      expect(object.additionalProperties, at).toBe(false);
    }
  });

  it.each(['journey-map', 'journeykit-config'])('%s: every property is described and every object closed except x- keys', (name) => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, `schemas/${name}.schema.json`), 'utf8')) as Schema;
    const found = objects(schema, '#');
    expect(found.length).toBeGreaterThan(5);
    for (const [at, object] of found) {
      if (at.includes('/if')) continue;
      for (const [key, property] of Object.entries(object.properties!)) {
        expect(property.description ?? (property as { $ref?: string }).$ref, `${at}/${key}`).toBeTruthy();
      }
      if (object.type === 'object' && !('$ref' in object)) {
        expect(object.additionalProperties, at).toBe(false);
        expect(Object.keys(object.patternProperties ?? {}), at).toContain('^x-');
      }
    }
  });
});
