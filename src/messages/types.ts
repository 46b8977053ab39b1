/** The languages Mamori speaks: Japanese (the estate's own) and English. */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One text in both languages. `{name}` placeholders must be the same in both (messages.test.ts). */
export type Bilingual = Record<Language, string>;

/** A reason as it travels (API, notifications): its code, severity, English sentence and evidence. */
export interface ReasonLike {
  code: string;
  severity: string;
  message: string;
}
