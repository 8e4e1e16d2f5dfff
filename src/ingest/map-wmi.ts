/**
 * Maps WMI's view of a NIC (`Get-WmiObject`/`Get-CimInstance Win32_NetworkAdapter`) onto the
 * adapter Get-NetAdapter describes. The two classes name things differently: WMI's `Name` is the
 * device (product) name, the connection name Get-NetAdapter calls `Name` is `NetConnectionID`,
 * and the interface GUID is `GUID`. Joined by those keys, one NIC stays one adapter.
 */
import type { Adapter } from '../model/host.js';
import { adapterKind, type AdapterIndex } from './adapter-index.js';
import { asLinkSpeedBps, normalizeMac } from './coerce.js';
import type { FieldReader } from './fields.js';

/** Win32_NetworkAdapter.Speed of an adapter without a link: Int64.MaxValue, not a speed. */
const NO_LINK_SPEED = 9223372036854775807;

/** Win32_NetworkAdapter.NetConnectionStatus as Get-NetAdapter's Status words it. */
const CONNECTION_STATUS: Readonly<Record<number, string>> = {
  0: 'Disconnected',
  2: 'Up',
  4: 'Not Present',
  5: 'Disabled',
  7: 'Disconnected',
};

/**
 * Win32_NetworkAdapter. Fills only what no Get-NetAdapter record already gave (that cmdlet is the
 * finer source). A device without a GUID or a connection name (WAN Miniport, ISATAP, kernel
 * debug) has no network interface Get-NetAdapter would list: it is read, and no adapter is made.
 */
export function mapWin32NetworkAdapter(r: FieldReader, index: AdapterIndex): Adapter | undefined {
  // Every property used is read first, so none is listed as not understood on any row.
  const guid = r.text('GUID');
  const name = r.text('NetConnectionID');
  const description = r.text('Description');
  const deviceName = r.text('Name');
  const mac = normalizeMac(r.text('MACAddress'));
  const permanent = normalizeMac(r.text('PermanentAddress'));
  const speed = asLinkSpeedBps(r.value('Speed') ?? null);
  const status = r.int('NetConnectionStatus');
  const physical = r.bool('PhysicalAdapter');
  if (!guid && !name) return undefined;
  const a = index.ensure({ guid, name, description: description ?? deviceName }, r.rec.at);
  if (!a.at.name && name) a.at.name = r.at('NetConnectionID')!;
  if (!a.macAddress && mac) (a.macAddress = mac), (a.at.macAddress = r.at('MACAddress')!);
  if (!a.permanentAddress && permanent) (a.permanentAddress = permanent), (a.at.permanentAddress = r.at('PermanentAddress')!);
  if (a.linkSpeedBps === undefined && speed !== undefined && speed > 0 && speed < NO_LINK_SPEED) {
    a.linkSpeedBps = speed;
    a.at.linkSpeedBps = r.at('Speed')!;
  }
  if (a.status === undefined && status !== undefined && CONNECTION_STATUS[status] !== undefined) {
    a.status = CONNECTION_STATUS[status];
    a.at.status = r.at('NetConnectionStatus')!;
  }
  // PhysicalAdapter false: a software adapter; the description still tells a team NIC or vNIC.
  if (physical === false && a.kind === 'physical') a.kind = adapterKind(a.interfaceDescription, true);
  return a;
}
