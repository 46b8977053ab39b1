import type { DemoOrganisation, DemoSiteSpec } from '../demo-spec.ts';
import { COURTS_SITE } from './courts.ts';
import { MOJ_LOCAL_SITE, MOJ_SITE } from './moj.ts';
import { RECORDING_SITE } from './recording.ts';
import { SOUMU_SITE } from './soumu.ts';

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { key: 'moj', name: '法務省', nameEn: 'Ministry of Justice', kind: 'ministry', siteKeys: ['moj', 'moj-yokohama'] },
  {
    key: 'soumu',
    name: '総務省',
    nameEn: 'Ministry of Internal Affairs and Communications',
    kind: 'ministry',
    siteKeys: ['soumu'],
  },
  { key: 'courts', name: '裁判所', nameEn: 'Courts in Japan', kind: 'court', siteKeys: ['courts'] },
  {
    key: 'recording',
    name: '一般社団法人 日本レコード産業協会',
    nameEn: 'Japan Recording Industry Association',
    kind: 'association',
    siteKeys: ['recording'],
  },
];

export const DEMO_SITE_SPECS: readonly DemoSiteSpec[] = [
  MOJ_SITE,
  MOJ_LOCAL_SITE,
  SOUMU_SITE,
  COURTS_SITE,
  RECORDING_SITE,
];
