import type { ColumnInfo, Layout } from '../layout.js';
import type { Platform } from '../types.js';
import { findColumn } from './columns.js';
import type { AggregationPlan, PlanContext } from './types.js';

const DIM_PATTERNS: Record<string, RegExp> = {
  channel: /^(channel|kanal|canal|contact.?channel|touch.?channel)$/i,
  stage: /^(stage|journey.?stage|phase|etappe|étape|etapa)$/i,
  touchpoint: /^(touchpoint|touch.?point|kontaktpunkt|point de contact|punto de contacto)$/i,
};

const RESPONSE_ID: Record<Platform, RegExp> = {
  qualtrics: /^(ResponseId|ResponseID)$/,
  surveymonkey: /^Respondent ?ID$/,
  typeform: /^(#|Network ID)$/,
  'google-forms': /^$/,
  generic: /^(response_?id|respondent_?id|id)$/i,
};

export const byId = (layout: Layout, pattern: RegExp): ColumnInfo | undefined => layout.columns.find((c) => pattern.test(c.id));

/** A dimension's column: the one named for it, else for a canonical name the column so headed. */
function dimColumn(ctx: PlanContext, name: string): ColumnInfo | undefined {
  const reference = ctx.explicit(name);
  if (reference !== undefined) return findColumn(ctx.layout, reference, name);
  const pattern = Object.hasOwn(DIM_PATTERNS, name) ? DIM_PATTERNS[name] : undefined;
  if (pattern) return ctx.layout.columns.find((c) => pattern.test(c.id) || pattern.test(c.text));
  return undefined;
}

/**
 * The segment dimensions: --by (a canonical name or any column), then the optional ones the
 * export has. `canonical` holds the columns of channel, stage and touchpoint whether segmented or not.
 */
export function planDimensions(ctx: PlanContext): { dims: AggregationPlan['dims']; canonical: Map<string, ColumnInfo> } {
  const canonical = new Map<string, ColumnInfo>();
  for (const name of ['channel', 'stage', 'touchpoint']) {
    const column = dimColumn(ctx, name);
    if (column) {
      ctx.columns[name] = column.id;
      canonical.set(name, column);
    }
  }
  const dims = ctx.request.by.map((name) => {
    const column = dimColumn(ctx, name) ?? findColumn(ctx.layout, name, `--by ${name}`);
    ctx.columns[name] ??= column.id;
    return { name, index: column.index };
  });
  for (const name of ctx.request.optionalBy ?? []) {
    const column = dimColumn(ctx, name);
    if (column && !dims.some((d) => d.name === name)) dims.push({ name, index: column.index });
  }
  return { dims, canonical };
}

/** The response id column: the one named, else the platform's. */
export function planResponseId(ctx: PlanContext): ColumnInfo | undefined {
  const reference = ctx.explicit('response_id');
  const column = reference !== undefined ? findColumn(ctx.layout, reference, 'response ids') : byId(ctx.layout, RESPONSE_ID[ctx.layout.platform]);
  if (column) ctx.columns.response_id = column.id;
  return column;
}

/** The platform's status, distribution-channel and finished columns, which decide what is counted. */
export function metadataColumns(layout: Layout): { status?: ColumnInfo; distribution?: ColumnInfo; finished?: ColumnInfo } {
  const platform = layout.platform;
  const status = platform === 'qualtrics' ? byId(layout, /^Status$/) : undefined;
  const distribution = platform === 'qualtrics' ? byId(layout, /^DistributionChannel$/) : undefined;
  const finished = platform === 'qualtrics' ? byId(layout, /^Finished$/) : platform === 'typeform' ? byId(layout, /^Response Type$/) : undefined;
  return { ...(status ? { status } : {}), ...(distribution ? { distribution } : {}), ...(finished ? { finished } : {}) };
}
