import type { Range } from '../diagnostics.js';
import { START_OF_FILE, toPointer } from '../diagnostics.js';

export interface NodeLocation {
  /** Range of the key, for values that sit in a mapping. */
  key?: Range;
  value: Range;
}

/** Where each JSON pointer of a parsed document sits in its source text. */
export class SourceMap {
  private entries: Map<string, NodeLocation> | undefined = new Map();
  private load: (() => SourceMap) | undefined;

  /**
   * A source map built only when first asked (by `load`, which parses the file again with
   * positions): a map without findings never needs one, so its positions are never computed.
   */
  static deferred(load: () => SourceMap): SourceMap {
    const map = new SourceMap();
    map.entries = undefined;
    map.load = load;
    return map;
  }

  private get locations(): Map<string, NodeLocation> {
    if (this.entries === undefined) {
      this.entries = this.load!().locations;
      this.load = undefined;
    }
    return this.entries;
  }

  set(pointer: string, location: NodeLocation): void {
    if (!this.locations.has(pointer)) this.locations.set(pointer, location);
  }

  get(pointer: string): NodeLocation | undefined {
    return this.locations.get(pointer);
  }

  /**
   * The range of the node at `path`, or of its nearest ancestor that exists (a missing
   * required key is reported on the object that lacks it).
   */
  locate(path: readonly (string | number)[], at: 'key' | 'value' = 'value'): Range {
    for (let length = path.length; length >= 0; length--) {
      const location = this.locations.get(toPointer(path.slice(0, length)));
      if (location) {
        if (at === 'key' && length === path.length && location.key) return location.key;
        return location.value;
      }
    }
    return START_OF_FILE;
  }
}
