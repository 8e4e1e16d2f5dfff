/**
 * CIM class identity as JSON and CSV exports spell it: the `CimClass` ToString
 * (`ROOT/StandardCimv2:MSFT_NetAdapterVmqSettingData`), the 5.1 `#TYPE` line
 * (`Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_X`), and the type-name
 * list CLIXML would carry, so every format hands the builder the same names.
 */

const CIM_INSTANCE_TYPE = 'Microsoft.Management.Infrastructure.CimInstance';

/**
 * Lower-cased names of the members PowerShell adds to every CimInstance. They describe the
 * instance (class, property list) rather than hold its data, so they never become fields.
 */
export const CIM_METADATA_MEMBERS: ReadonlySet<string> = new Set(['cimclass', 'ciminstanceproperties', 'cimsystemproperties']);

/** A CIM class with the namespace it came from, when the file says. */
export interface CimClassId {
  className: string;
  namespace?: string;
}

const CLASS_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse `ROOT/StandardCimv2:MSFT_X` (CimClass.ToString) or a bare class name. */
export function parseCimClassText(text: string): CimClassId | undefined {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(':');
  const className = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  if (!CLASS_NAME.test(className)) return undefined;
  const namespace = colon > 0 ? trimmed.slice(0, colon) : undefined;
  return namespace ? { className, namespace } : { className };
}

/**
 * The CIM class named by a PowerShell type name such as
 * `Selected.Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_X` (-> MSFT_X).
 * Undefined for type names that carry no class (`System.Management.Automation.PSCustomObject`).
 */
export function cimClassFromTypeName(typeName: string): CimClassId | undefined {
  const name = typeName.trim().replace(/^(?:Selected\.)+/, '');
  if (!name.startsWith(`${CIM_INSTANCE_TYPE}#`)) return undefined;
  const path = name.slice(CIM_INSTANCE_TYPE.length + 1);
  const slash = path.lastIndexOf('/');
  const className = path.slice(slash + 1);
  if (!CLASS_NAME.test(className)) return undefined;
  return slash > 0 ? { className, namespace: path.slice(0, slash) } : { className };
}

/** The type names CLIXML lists for a CimInstance of this class, most derived first. */
export function cimTypeNames(id: CimClassId): string[] {
  const names: string[] = [];
  if (id.namespace) names.push(`${CIM_INSTANCE_TYPE}#${id.namespace}/${id.className}`);
  names.push(`${CIM_INSTANCE_TYPE}#${id.className}`, CIM_INSTANCE_TYPE);
  return names;
}
