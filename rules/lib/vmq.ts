/**
 * Whether VMQ is configured and whether the vSwitch really uses it on a NIC. The logic lives in
 * src/model/vmq-state.ts, shared with the simulator; the rules import it from here.
 */
export { allocatedQueues, vmqSetting, vmqUse, type VmqFact, type VmqUse } from '../../src/model/vmq-state.js';
