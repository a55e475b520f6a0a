/**
 * Where a group comes from, as the apono_group and apono_groups data sources show it (a shared
 * module, not a data source: data sources do not import each other).
 */
import type { Group } from '../client/types';
import { identitySource } from '../domain/sources';
import { computedNullableString, computedString, field } from '../framework/attributes';

/** The source fields of a group. */
export interface GroupSourceEntry {
  readonly source: string;
  readonly source_id: string | null;
  readonly source_integration_id: string | null;
  readonly source_integration_name: string | null;
}

/** The source attributes of the apono_group data source. */
export const GROUP_SOURCE_ATTRIBUTES = {
  source: computedString({
    description:
      '`"apono"` for a group created in Apono, else the identity provider (IdP) integration it is synced from.',
  }),
  source_id: computedNullableString({
    description:
      "The group's id in the identity provider it is synced from; null for groups created in Apono.",
  }),
  source_integration_id: computedNullableString({
    description: 'The id of the identity provider integration; null for groups created in Apono.',
  }),
  source_integration_name: computedNullableString({
    description: 'The name of the identity provider integration; null for groups created in Apono.',
  }),
};

/** The source fields of one group in a list of groups. */
export const GROUP_SOURCE_FIELDS = {
  source: field.string,
  source_id: field.nullableString,
  source_integration_id: field.nullableString,
  source_integration_name: field.nullableString,
};

/** Where a group comes from; the `source_*` fields may be absent from an answer (then null). */
export function groupSourceEntry(group: Group): GroupSourceEntry {
  return {
    source: identitySource(group),
    source_id: group.source_id ?? null,
    source_integration_id: group.source_integration_id ?? null,
    source_integration_name: group.source_integration_name ?? null,
  };
}
