/**
 * Built-in words of the threat watch, in Japanese and English. Configuration adds to them
 * (`intel.keywords`, `intel.sectors`); these are the words any announcement of an attack uses.
 */

/** Words that make a text an announcement of an attack rather than news that merely names a target. */
export const THREAT_TERMS: readonly string[] = [
  'attack', 'attacks', 'attacking', 'ddos', 'hack', 'hacked', 'hacking', 'deface', 'defaced', 'defacement', 'leak', 'leaked',
  'target', 'targets', 'targeted', 'tango down', 'we will', 'expect us', 'operation', 'cyber war', 'cyberwar', 'take down', 'takedown',
  '攻撃', 'サイバー攻撃', 'ハッキング', 'ハック', '改ざん', '改竄', '標的', '宣戦', '流出', 'ダウンさせ', '作戦',
];

/**
 * Sectors an announcement may name instead of an organisation ("the government", "政府"). An
 * organisation belongs to sectors by its `sectors` in the estate config.
 */
export const SECTOR_TERMS: Readonly<Record<string, readonly string[]>> = {
  government: ['government', 'ministry', 'ministries', 'agency', 'agencies', '政府', '省庁', '官公庁', '府省', '中央省庁', '行政機関'],
  judiciary: ['court', 'courts', 'judiciary', 'judicial', '裁判所', '司法'],
  'local-government': ['prefecture', 'prefectural', 'city hall', 'municipality', 'municipalities', '自治体', '県庁', '市役所', '区役所', '町役場'],
  'political-party': ['political party', 'political parties', 'ruling party', '政党', '与党', '野党'],
  business: ['business group', 'business groups', 'business federation', 'industry association', 'industry body', 'industry bodies', '経済団体', '業界団体', '経団連'],
  'recording-industry': ['recording industry', 'music industry', 'record label', 'record labels', 'レコード業界', '音楽業界', 'レコード協会'],
};

/** What a claim says happened to its target. */
export const CLAIM_DOWN_TERMS: readonly string[] = [
  'down', 'offline', 'tango down', 'taken down', 'unreachable', 'not responding', 'ddosed', "ddos'd", 'knocked out',
  'ダウン', '落ちた', '落とした', '停止', 'つながらない', '繋がらない', '閲覧できない', 'アクセスできない', '表示されない',
];
export const CLAIM_DEFACED_TERMS: readonly string[] = [
  'hacked', 'defaced', 'owned', 'pwned', 'hacked by', 'deface', 'compromised', 'breached', 'injected', 'h4ck3d',
  'ハッキング', 'ハックされ', '改ざん', '改竄', '乗っ取', '書き換え', '被黑',
];
