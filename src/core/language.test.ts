import { describe, expect, it } from 'vitest';
import { languageOf } from './language.ts';

describe('languageOf', () => {
  it('tells Latin-script languages apart by their function words', () => {
    expect(languageOf('The council collects your waste once a week and it will be on the same day.')).toBe('en');
    expect(languageOf('Der Hausmüll wird einmal pro Woche abgeholt und die Tonnen sind für die Bürger.')).toBe('de');
    expect(languageOf('Nous collectons vos déchets une fois par semaine, le jour est indiqué sur le site.')).toBe('fr');
    expect(languageOf('Kami adalah warga yang peduli dan ini adalah pesan untuk anda dari kami.')).toBe('id');
  });

  it('names the writing system of non-Latin text', () => {
    expect(languageOf('法務省からのお知らせを掲載しています。各ページの内容は担当部局にお問い合わせください。')).toBe(
      'japanese',
    );
    expect(languageOf('Министерство юстиции сообщает о новых правилах регистрации для граждан')).toBe('cyrillic');
  });

  it('does not read addresses as words, and says nothing when it cannot tell', () => {
    expect(languageOf('https://e.pt/a https://do.pt/os https://que.pt/as https://para.pt/em')).toBeNull();
    expect(languageOf('Website Example')).toBeNull();
    // As many English as German function words: no clear lead.
    expect(languageOf('the and of der die das')).toBeNull();
  });
});
