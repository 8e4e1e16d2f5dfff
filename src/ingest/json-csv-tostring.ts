/**
 * Recognising the ToString text that ConvertTo-Json and Export-Csv write in place of a value they
 * could not carry: an array or collection (`System.String[]`), an embedded CimInstance
 * (`MSFT_NetAdapter_RssProcessor`), or any other .NET object (`System.Collections.Hashtable`).
 * Such text is never a real value, so parsers mark it lossy.
 */

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** A type name after its namespace: generic arity and arguments, nested types. */
const TAIL = String.raw`${NAME}(?:\x60\d+(?:\[.*\])?)?(?:\+${NAME})*`;

/** A namespace-qualified .NET type name: `System.Foo`, ``System.Collections.Generic.List`1[...]``. */
const QUALIFIED = `(?:${NAME}\\.)+${TAIL}`;

/** `System.String[]`, `System.Object[,]`, `Microsoft.Management.Infrastructure.CimInstance[]`. */
const ARRAY_TYPE = new RegExp(String.raw`^${QUALIFIED}(?:\[,*\])+$`);

/** `System.Collections.Hashtable`, ``System.Collections.ObjectModel.Collection`1[System.String]``. */
const COLLECTION_TYPE = new RegExp(String.raw`^System\.Collections\.(?:${NAME}\.)*${TAIL}$`);

/** Any `System.*` or `Microsoft.*` type name, for values nested below the depth limit. */
const ANY_TYPE = new RegExp(String.raw`^(?:System|Microsoft)\.(?:${NAME}\.)*${TAIL}(?:\[,*\])*$`);

/**
 * CimInstance.ToString: the class name, optionally followed by `: caption` or ` (Key = "v")`.
 * Restricted to the MSFT_/Win32_/CIM_ prefixes so an ordinary word never matches.
 */
const CIM_INSTANCE = /^(?:MSFT|Win32|CIM)_[A-Za-z0-9_]+(?:(?::| \().*)?$/s;

/** True when text is how PowerShell stringifies an array or collection (Export-Csv, -Depth). */
export function isCollectionToString(text: string): boolean {
  return ARRAY_TYPE.test(text) || COLLECTION_TYPE.test(text);
}

/** True when text is a .NET type name that stands in for an object PowerShell did not expand. */
export function isTypeNameToString(text: string): boolean {
  return isCollectionToString(text) || ANY_TYPE.test(text);
}

/** True when text looks like the ToString of an embedded CimInstance. */
export function isCimInstanceToString(text: string): boolean {
  return CIM_INSTANCE.test(text);
}
