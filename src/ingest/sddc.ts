/**
 * Get-SDDCDiagnosticInfo bundles (PowerShell/PrivateCloud.DiagnosticInfo): the root holds
 * cluster-wide CLIXML (GetCluster.XML, GetClusterNode.XML, GetVirtualDisk.XML, ...) and one
 * `Node_<name>` folder per cluster node, where each cmdlet of the per-node list is written twice:
 * `<Cmdlet without dash>.xml` by Export-Clixml (GetNetAdapter.xml, GetNetAdapterVmq.xml,
 * GetNetAdapterRss.xml, GetNetLbfoTeam.xml, GetVMSwitch.xml, GetVMNetworkAdapter.xml, ...) and
 * `<same>.txt` by `ft -AutoSize | Out-File -Encoding ascii`. Such a folder is a fleet: one host
 * per Node_ folder, read from its CLIXML; the `.txt` twins and the cluster-level files are listed
 * as skipped (they describe the same objects, or the cluster rather than one host).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface SddcLayout {
  /** One per `Node_<name>` folder, in name order. */
  nodes: { name: string; dir: string }[];
  /** Everything at the root that is not a Node_ folder. */
  other: string[];
}

const NODE = /^Node_(.+)$/;

/** The SDDC layout of a folder's entries (absolute paths), or undefined when it has no Node_ folder. */
export function sddcLayout(entries: string[]): SddcLayout | undefined {
  const nodes: SddcLayout['nodes'] = [];
  const other: string[] = [];
  for (const p of entries) {
    const m = NODE.exec(basename(p));
    if (m && statSync(p).isDirectory()) nodes.push({ name: m[1], dir: p });
    else other.push(p);
  }
  return nodes.length > 0 ? { nodes, other } : undefined;
}

/** Why an SDDC root entry is not read. */
export const SDDC_CLUSTER_LEVEL = 'Get-SDDCDiagnosticInfo: cluster-level, not under a Node_<name> folder';

/** Files of a node folder that are the Format-Table twin of a CLIXML file beside them. */
export function textTwins(files: string[]): Set<string> {
  const xml = new Set(files.filter((f) => /\.xml$/i.test(f)).map((f) => f.slice(0, -4).toLowerCase()));
  return new Set(files.filter((f) => /\.txt$/i.test(f) && xml.has(f.slice(0, -4).toLowerCase())));
}

/** Why a text twin is not read. */
export const SDDC_TEXT_TWIN = 'Get-SDDCDiagnosticInfo: Format-Table view of the .xml beside it (the CLIXML is read)';

/** Whether a folder's immediate entries make it an SDDC node list (used by tests). */
export function isSddcRoot(dir: string): boolean {
  return sddcLayout(readdirSync(dir).map((n) => join(dir, n))) !== undefined;
}
