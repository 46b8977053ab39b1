/**
 * The MISP core format (draft-dulaunoy-misp-core-format) as far as Mamori writes it: one Event with
 * Attribute, Object and Tag arrays. Every value the format calls "a JSON string" is a string here
 * (timestamps in epoch seconds, enumerations as "0".."5"). Instance-local ids (`id`, `event_id`,
 * `object_id`, `org_id`, `orgc_id`) are left out: the receiving instance assigns them on import.
 */
import type { ExportInput } from '../stix/types.ts';

export interface MispTag {
  name: string;
  colour: string;
  exportable: boolean;
}

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  /** "5": inherit the event's distribution. */
  distribution: string;
  sharing_group_id: string;
  timestamp: string;
  comment: string;
  deleted: boolean;
  disable_correlation: boolean;
  /** Inside an object: which of the template's attributes this is. */
  object_relation?: string;
  /** Base64 contents, for `attachment` attributes. */
  data?: string;
  first_seen?: string;
}

export interface MispObjectReference {
  uuid: string;
  object_uuid: string;
  referenced_uuid: string;
  relationship_type: string;
  timestamp: string;
  comment: string;
  deleted: boolean;
}

export interface MispObject {
  uuid: string;
  name: string;
  'meta-category': string;
  description: string;
  template_uuid: string;
  template_version: string;
  timestamp: string;
  distribution: string;
  sharing_group_id: string;
  comment: string;
  deleted: boolean;
  first_seen?: string;
  /** Written for a run of identical checks: when its last check ran. */
  last_seen?: string;
  Attribute: MispAttribute[];
  ObjectReference: MispObjectReference[];
}

export interface MispEventBody {
  uuid: string;
  info: string;
  date: string;
  threat_level_id: string;
  analysis: string;
  distribution: string;
  sharing_group_id: string;
  published: boolean;
  timestamp: string;
  publish_timestamp: string;
  attribute_count: string;
  Orgc: { uuid: string; name: string };
  Tag: MispTag[];
  Attribute: MispAttribute[];
  Object: MispObject[];
}

/** A MISP JSON file holds one event under the `Event` key. */
export interface MispEvent {
  Event: MispEventBody;
}

/** A screenshot taken during a check (from its evidence capture). */
export interface ScreenshotInput {
  checkId: number;
  /** The viewport or purpose it shows, e.g. `desktop`. */
  label: string;
  sha256: string;
  mediaType: string;
  data: Buffer;
}

/** Everything one MISP export holds. */
export interface MispExportInput extends ExportInput {
  screenshots: ScreenshotInput[];
}

export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

export interface MispOptions {
  /** The creating organisation (the CSIRT running Mamori). */
  orgName: string;
  /** Event distribution, "0" (your organisation only) to "3" (all communities). */
  distribution: 0 | 1 | 2 | 3;
  tlp: TlpLevel;
}
