/**
 * PowerShell value coercion shared by every format: CSV gives strings, 5.1 JSON gives enum
 * numbers, CLIXML gives typed values and enum objects. Lossy values coerce to undefined (the
 * parser already reported them).
 */
import type { PsValue } from '../model/records.js';
import { enumName, type EnumMap } from './enums.js';

function isObj(v: PsValue): v is Exclude<PsValue, string | number | boolean | null | PsValue[]> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isLossy(v: PsValue): boolean {
  return isObj(v) && '$lossy' in v;
}

/** Text of a scalar (enum objects give their name); undefined for null, lossy, arrays, objects. */
export function asString(v: PsValue): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return undefined;
  if ('$enum' in v) return v.name ?? (v.value !== undefined ? String(v.value) : undefined);
  return undefined;
}

/** A non-empty trimmed string, else undefined. */
export function asText(v: PsValue): string | undefined {
  const s = asString(v);
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === '' ? undefined : t;
}

/** A finite number from a number, a decimal/hex string or an enum value. */
export function asNumber(v: PsValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return undefined;
    if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  if (isObj(v) && '$enum' in v) return v.value;
  return undefined;
}

/** An integer, or undefined. */
export function asInt(v: PsValue): number | undefined {
  const n = asNumber(v);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** A boolean from true/false, "True"/"False", 1/0. */
export function asBool(v: PsValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
  }
  return undefined;
}

/** String items of an array; a scalar becomes a one-item list; lossy or null gives undefined. */
export function asStringArray(v: PsValue): string[] | undefined {
  if (v === null || isLossy(v)) return undefined;
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      const s = asString(item);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const s = asString(v);
  return s === undefined ? undefined : [s];
}

/** Canonical enum name from a number, numeric string, name or enum object. */
export function asEnum(v: PsValue, map: EnumMap): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'string') return enumName(map, v);
  if (isObj(v) && '$enum' in v) {
    if (v.name !== undefined) return enumName(map, v.name);
    if (v.value !== undefined) return enumName(map, v.value);
  }
  return undefined;
}

/** Link speed in bits per second from a number or text such as "10 Gbps" / "25 Gbps" / "1 Gbps". */
export function asLinkSpeedBps(v: PsValue): number | undefined {
  const n = asNumber(v);
  if (n !== undefined) return n;
  const s = asText(v);
  if (!s) return undefined;
  const m = /^([\d.]+)\s*([KMGT]?)bps$/i.exec(s);
  if (!m) return undefined;
  const scale: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Math.round(Number(m[1]) * scale[m[2].toUpperCase()]);
}

/** A MAC address normalised to upper-case hex with dashes (00-15-5D-01-02-03). */
export function normalizeMac(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const hex = s.replace(/[^0-9a-f]/gi, '');
  if (hex.length !== 12) return s.trim() || undefined;
  return hex.toUpperCase().match(/../g)!.join('-');
}

/** A GUID normalised to lower case without braces. */
export function normalizeGuid(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i.exec(s);
  return m ? m[1].toLowerCase() : undefined;
}
