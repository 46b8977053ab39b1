import { describe, expect, it } from 'vitest';
import { routeLabels, seesChannels } from './channel-model.ts';
import { translator } from './i18n/translate.ts';
import type { Channel } from './api-types.ts';

describe('channel model', () => {
  it('words the routes that use a channel', () => {
    const routes: Channel['routes'] = [
      { organisations: [], minSeverity: 'high' },
      { organisations: ['moj', 'courts'], minSeverity: 'medium' },
    ];
    expect(routeLabels(routes, translator('en'))).toEqual([
      'all organisations: high and above',
      'moj, courts: medium and above',
    ]);
    expect(routeLabels(routes, translator('ja'))).toEqual(['すべての組織：high 以上', 'moj, courts：medium 以上']);
    expect(routeLabels([], translator('en'))).toEqual(['No route: nothing is sent here']);
  });

  it('shows channels to CSIRT staff only', () => {
    expect(['admin', 'analyst', 'member', 'investigator', undefined].map(seesChannels)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
