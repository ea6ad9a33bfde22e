/** The bounds a YAML file is parsed within: what an untrusted file may cost. */
export interface YamlLimits {
  /** Deepest nesting of mappings and sequences. */
  maxDepth: number;
  /**
   * Most nodes (keys, values, lists and mappings) the document may hold as written, and may
   * expand to with its aliases (billion-laughs guard).
   */
  maxNodes: number;
  /** Most keys in one mapping. */
  maxKeys: number;
  /**
   * Most YAML tokens (scalars, punctuation, comments, line breaks) the file may hold. The yaml
   * library's parser keeps every token of the file, at 100 to 250 bytes each, before anything
   * else can look at the document, so this bounds its memory; a file is refused while it is
   * still being tokenized, as soon as it passes the bound.
   */
  maxTokens: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxDepth: 64, maxNodes: 100_000, maxKeys: 1_000, maxTokens: 500_000 };
