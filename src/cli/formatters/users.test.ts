import { describe, expect, it } from 'vitest';
import type { User } from '../../auth/types.ts';
import { formatUsers } from './users.ts';

const base: User = {
  id: 1,
  username: 'admin',
  displayName: 'Administrator',
  role: 'admin',
  organisationIds: 'all',
  locale: 'ja',
  timeZone: 'Asia/Tokyo',
  disabled: false,
  mustChangePassword: true,
  createdAt: 0,
};

describe('formatUsers', () => {
  it('lists accounts with their organisations by slug and their state', () => {
    const member: User = {
      ...base,
      id: 2,
      username: 'aoi',
      displayName: '青井',
      role: 'member',
      organisationIds: [3, 4],
      mustChangePassword: false,
      disabled: true,
    };
    expect(formatUsers([base, member], (id) => (id === 3 ? 'city' : 'pref')).split('\n')).toEqual([
      'USERNAME  ROLE    ORGANISATIONS  STATE                 NAME',
      'admin     admin   all            must change password  Administrator',
      'aoi       member  city,pref      disabled              青井',
    ]);
    expect(formatUsers([], String)).toBe('No accounts.');
  });
});
