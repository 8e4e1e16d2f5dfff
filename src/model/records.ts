/**
 * Format-neutral records: what every parser hands to the model builder. A parser knows bytes and
 * syntax; it does not know what a property means. The builder (ingest/assemble.ts) maps records
 * to the host model by class and property name.
 */
import type { Loc, LossyItem, RegType, UnknownItem } from './host.js';

/** An enum value as PowerShell serialised it: name, number, or both (CLIXML gives both). */
export interface PsEnum {
  $enum: true;
  name?: string;
  value?: number;
}

/** A value the export format lost (depth truncation, CSV-stringified array). Never a real value. */
export interface PsLossy {
  $lossy: string;
  /** The text the format wrote in its place, e.g. "System.String[]". */
  text?: string;
}

/** A nested object (embedded CimInstance, hashtable, PSCustomObject). */
export interface PsObject {
  $object: true;
  typeNames: string[];
  fields: Record<string, PsField>;
}

/**
 * A value as read. Numbers stay numbers; a uint64 above 2^53 is kept as its decimal string.
 * Strings are never coerced (`<S>0007</S>` stays "0007"). Dates are ISO 8601 strings.
 */
export type PsValue = string | number | boolean | null | PsEnum | PsLossy | PsObject | PsValue[];

export interface PsField {
  /** Property name as spelled in the file. */
  name: string;
  value: PsValue;
  at: Loc;
}

/** One top-level object of a cmdlet export (CLIXML Obj, JSON object, CSV row). */
export interface ObjectRecord {
  /** Type names, most derived first (CLIXML TN, CSV #TYPE line, JSON CimClass name when present). */
  typeNames: string[];
  /** CIM class name when known (e.g. MSFT_NetAdapterVmqSettingData), else undefined. */
  className?: string;
  /** Fields keyed by lower-cased property name. */
  fields: Record<string, PsField>;
  at: Loc;
}

/** One registry value. */
export interface RegValue {
  /** Name as spelled; "" for the default value (`@`). */
  name: string;
  type: RegType;
  /**
   * REG_SZ / REG_EXPAND_SZ: the text. REG_DWORD / REG_QWORD: decimal. REG_MULTI_SZ: items joined
   * with "\n" (see `items`). REG_BINARY, REG_NONE and other types: lower-case hex bytes, no separators.
   */
  value: string;
  items?: string[];
  at: Loc;
}

/** One registry key with its values. */
export interface RegKeyRecord {
  /**
   * Normalized path: root spelled `HKEY_LOCAL_MACHINE`, the control set written `CurrentControlSet`
   * (the one `Select\Current` names in a multi-set export), offline mount prefixes folded.
   */
  path: string;
  /** The path as written in the file, for diagnostics. */
  originalPath: string;
  /** Values keyed by lower-cased name. */
  values: Record<string, RegValue>;
  at: Loc;
}

/** What one parser returns for one file. */
export interface ParsedFile {
  file: string;
  format: 'clixml' | 'json' | 'csv' | 'reg' | 'regquery' | 'model' | 'netview';
  encoding: string;
  /** "5.1" or "7" where the bytes tell; undefined otherwise. */
  psVersion?: string;
  objects: ObjectRecord[];
  regKeys: RegKeyRecord[];
  lossy: LossyItem[];
  unknown: UnknownItem[];
}
