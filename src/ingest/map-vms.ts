/**
 * Maps Get-VM (Microsoft.HyperV.PowerShell.VirtualMachine,
 * https://learn.microsoft.com/powershell/module/hyper-v/get-vm): name, id, power state and
 * vCPUs, which is what VM-queue demand needs (src/model/vms.ts).
 */
import type { Host, LossyItem, Vm } from '../model/host.js';
import { normalizeGuid } from './coerce.js';
import { VM_STATE } from './enums.js';
import { readInto, type FieldReader } from './fields.js';

/** The first VMState number whose meaning differs between Windows releases. */
const AMBIGUOUS_FROM = 32781;

/** Add one Get-VM record to the host (a second record of the same VM fills what the first lacked). */
export function mapVm(r: FieldReader, host: Host, lossy: LossyItem[]): void {
  const name = r.text('Name') ?? r.text('VMName');
  const guid = normalizeGuid(r.text('VMId')) ?? normalizeGuid(r.text('Id'));
  if (!name && !guid) return;
  const id = guid ?? `name:${name!.toLowerCase()}`;
  let vm = host.vms.find((v) => v.id === id);
  if (!vm) {
    vm = { id, name: name ?? id, at: { vm: r.rec.at } };
    host.vms.push(vm);
  }
  const nameAt = r.at('Name') ?? r.at('VMName');
  if (nameAt) vm.at.name = nameAt;
  const idAt = r.at('VMId') ?? r.at('Id');
  if (guid && idAt) vm.at.id = idAt;
  r.ignore('Id', 'VMId', 'VMName');
  const raw = r.value('State');
  const state = r.enum('State', VM_STATE);
  if (state !== undefined) {
    vm.state = state;
    vm.at.state = r.at('State')!;
  } else if (raw !== undefined && raw !== null) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
    if (n !== undefined && n >= AMBIGUOUS_FROM) {
      // 32781 is RunningCritical on 2012 R2 but ForceShutdown on later releases (the Critical
      // states moved when Hibernated and ComponentServicing were added): the name is not in the file.
      lossy.push({ what: 'VirtualMachine.State', reason: `VMState ${n} means different states on different Windows releases; the VM's state is unknown (export with -EnumsAsStrings or Export-Clixml to keep the name)`, at: r.at('State')! });
    }
  }
  readInto(r, vm as Vm & { processorCount?: number; computerName?: string }, { processorCount: 'int', computerName: 'text' });
}

/** VMs in a stable order: by name, then id. */
export function sortVms(host: Host): void {
  host.vms.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
