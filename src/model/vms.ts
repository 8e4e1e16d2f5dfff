/**
 * VMs (Get-VM) and their power state, and the join of a vNIC to its VM. A VM holds its VM queue
 * from power-on until it powers off or migrates away
 * (https://blogs.technet.microsoft.com/networking/2014/05/28/debugging-performance-issues-with-vmq/), so
 * a VM that is off or saved takes none. State names are the Hyper-V module's VMState
 * (https://learn.microsoft.com/powershell/module/hyper-v/get-vm), whose numbers follow
 * Msvm_ComputerSystem's RequestedState values
 * (https://learn.microsoft.com/windows/win32/hyperv_v2/requeststatechange-msvm-computersystem).
 */
import type { Host, VNic, Vm } from './host.js';

/** on: powered on (running, paused or in a transition); off: no queue; unknown: not exported or not understood. */
export type PowerClass = 'on' | 'off' | 'unknown';

/** States of a powered-off VM: its worker process and switch ports are gone. */
const OFF = new Set(['off', 'saved', 'fastsaved', 'hibernated', 'offcritical', 'savedcritical', 'fastsavedcritical']);

/**
 * States of a powered-on VM. Paused and the transitions (starting, stopping, saving, ...) keep
 * the VM's ports, so they count as on (ASSUMED: no source says a paused VM releases its queue).
 */
const ON = new Set([
  'running',
  'paused',
  'starting',
  'stopping',
  'saving',
  'pausing',
  'resuming',
  'reset',
  'fastsaving',
  'forceshutdown',
  'forcereboot',
  'runningcritical',
  'pausedcritical',
  'startingcritical',
  'stoppingcritical',
  'savingcritical',
  'pausingcritical',
  'resumingcritical',
  'resetcritical',
  'fastsavingcritical',
]);

/** Whether a VMState name means the VM is powered on, off, or cannot be told. */
export function powerOf(state: string | undefined): PowerClass {
  const s = (state ?? '').trim().toLowerCase();
  if (OFF.has(s)) return 'off';
  if (ON.has(s)) return 'on';
  return 'unknown';
}

/** The VM a vNIC belongs to: by VMId, else by VM name when exactly one VM has it. */
export function vmOfVnic(host: Host, v: VNic): Vm | undefined {
  if (v.isManagementOs) return undefined;
  // Loops, not find/filter callbacks: this runs for every vNIC, and a closure made per call loses
  // its optimized code at each major GC.
  if (v.vmId) {
    const id = v.vmId.toLowerCase();
    for (const m of host.vms) if (m.id === id) return m;
  }
  if (!v.vmName) return undefined;
  const name = v.vmName.toLowerCase();
  let named: Vm | undefined;
  for (const m of host.vms) {
    if (m.name.toLowerCase() !== name) continue;
    // Two VMs may share a name; then only the id tells them apart.
    if (named) return undefined;
    named = m;
  }
  return named;
}

/** Power state of a vNIC's owner: the management OS is always on; a VM by its Get-VM State. */
export function vnicPower(host: Host, v: VNic): { power: PowerClass; vm?: Vm } {
  // `vm` is always set (undefined when there is none): one object shape for the callers.
  if (v.isManagementOs) return { power: 'on', vm: undefined };
  const vm = vmOfVnic(host, v);
  return vm ? { power: powerOf(vm.state), vm } : { power: 'unknown', vm: undefined };
}
