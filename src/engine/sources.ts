/**
 * The public source behind every tag the rules and the simulator cite ([S1], [D2], F3, ...): a
 * title and the published URL. Rule references keep their tags as the link to the project's
 * research notes, which users never see; reports turn each tag into "Title: URL" through
 * src/engine/references.ts. docs/references.md is generated from this table
 * (scripts/write-references.ts; test/engine/references.test.ts fails when they drift).
 */

/** One cited source: what a user reads, and where the notes found it. */
export interface Source {
  /** The tag as the notes and the rules write it, without brackets: `S1`, `D-std`, `F14`. */
  tag: string;
  /** The page's title as published (a user-facing label). */
  title: string;
  /** The published URL a report prints; null only for a source nobody published (no rule may cite it). */
  url: string | null;
  /** Further pages the tag covers, listed in docs/references.md only. */
  also?: readonly { title: string; url: string }[];
  /** Where the notes read it (repository path, mirror, author), for docs/references.md. */
  origin?: string;
  /** Simulator facts (F tags): the fact the simulator takes from the source. */
  fact?: string;
}

/** A group of sources as docs/references.md lists them. */
export interface SourceGroup {
  heading: string;
  intro: string;
  /** Text after the table (how the simulator reads a fact), as Markdown. */
  outro?: string;
  sources: readonly Source[];
}

const DRIVER = 'https://learn.microsoft.com/windows-hardware/drivers/network/';
const SERVER = 'https://learn.microsoft.com/windows-server/';
const CIM = 'https://learn.microsoft.com/windows/win32/fwp/wmi/netadaptercimprov/';
const PS = 'https://learn.microsoft.com/powershell/module/';

/** A driver-docs page: the published URL is the file name without `.md` (docs/references.md). */
function driver(tag: string, title: string, file: string, also: [string, string][] = []): Source {
  const src: Source = { tag, title, url: `${DRIVER}${file}`, origin: `MicrosoftDocs/windows-driver-docs windows-driver-docs-pr/network/${file}.md` };
  return also.length ? { ...src, also: also.map(([t, f]) => ({ title: t, url: `${DRIVER}${f}` })) } : src;
}

/** A PowerShell cmdlet page: https://learn.microsoft.com/powershell/module/<module>/<cmdlet>. */
function cmdlet(module: string, name: string): { title: string; url: string } {
  return { title: name, url: `${PS}${module.toLowerCase()}/${name.toLowerCase()}` };
}

function cmdlets(tag: string, module: string, names: string[], origin: string): Source {
  const [first, ...rest] = names.map((n) => cmdlet(module, n));
  return { tag, title: first.title, url: first.url, ...(rest.length ? { also: rest } : {}), origin };
}

/** Every source by group, in the order docs/references.md lists them. */
export const SOURCE_GROUPS: readonly SourceGroup[] = [
  {
    heading: 'Driver docs',
    intro:
      'Windows driver documentation, repository `MicrosoftDocs/windows-driver-docs` @ `825aa15` (Nov 2025). A file `windows-driver-docs-pr/network/<name>.md` is published at `https://learn.microsoft.com/windows-hardware/drivers/network/<name>`.',
    sources: [
      driver('D1', 'Standardized INF keywords for VMQ', 'standardized-inf-keywords-for-vmq'),
      driver('D2', 'Standardized INF keywords for RSS', 'standardized-inf-keywords-for-rss'),
      driver('D3', 'Standardized INF keywords for VMMQ', 'standardized-inf-keywords-for-vmmq'),
      driver('D4', 'Standardized INF keywords for SR-IOV', 'standardized-inf-keywords-for-sr-iov'),
      driver('D5', 'Handling SR-IOV, VMQ, and RSS standardized INF keywords', 'handling-sr-iov--vmq--and-rss-standardized-inf-keywords'),
      driver('D6', 'Enumeration keywords', 'enumeration-keywords'),
      driver('D7', 'Keywords that can be edited', 'keywords-that-can-be-edited'),
      driver('D8', 'Specifying configuration parameters for the Advanced Properties page', 'specifying-configuration-parameters-for-the-advanced-properties-page'),
      driver('D9', 'INF requirements for NDKPI', 'inf-requirements-for-ndkpi'),
      driver('D10', 'VMQ interrupt requirements', 'vmq-interrupt-requirements'),
      driver('D11', 'WDI_TLV_RECEIVE_COALESCING_CAPABILITIES (receive-filter capability flags)', 'wdi-tlv-receive-coalescing-capabilities'),
      driver('D12', 'Receive Side Scaling Version 2 (RSSv2)', 'receive-side-scaling-version-2-rssv2-'),
      driver('D13', 'Overview of Virtual Machine Multiple Queues', 'overview-of-virtual-machine-multiple-queues'),
      driver('D14', 'Advertising VMMQ capabilities', 'advertising-vmmq-capabilities'),
      driver('D15', 'VMQ receive queues', 'vmq-receive-queues', [
        ['Allocating a VM queue', 'allocating-a-vm-queue'],
        ['Freeing a VM queue', 'freeing-a-vm-queue'],
        ['VMQ receive filters', 'vmq-receive-filters'],
        ['Determining the VMQ capabilities of a network adapter', 'determining-the-vmq-capabilities-of-a-network-adapter'],
      ]),
      driver('D16', 'NDIS VMQ live migration support', 'ndis-vmq-live-migration-support'),
      driver('D17', 'SR-IOV VF failover and live migration support', 'sr-iov-vf-failover-and-live-migration-support'),
      driver('D18', 'Nondefault virtual ports and VMQ', 'nondefault-virtual-ports-and-vmq'),
      driver('D20', 'Setting the number of RSS processors', 'setting-the-number-of-rss-processors'),
      driver('D21', 'Interrupt moderation', 'interrupt-moderation'),
      driver('D22', 'Support for more than 64 processors in NDIS 6.20', 'support-for-more-than-64-processors-in-ndis-6-20'),
      driver('D24', 'Standardized INF keywords for packet coalescing', 'standardized-inf-keywords-for-packet-coalescing'),
      driver('D-std', 'Standardized INF keywords for network devices', 'standardized-inf-keywords-for-network-devices'),
      {
        tag: 'D23',
        title: 'INF AddReg directive',
        url: 'https://learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive',
        origin: 'MicrosoftDocs/windows-driver-docs windows-driver-docs-pr/install/inf-addreg-directive.md',
      },
      {
        tag: 'D23b',
        title: 'System-defined device setup classes available to vendors',
        url: 'https://learn.microsoft.com/windows-hardware/drivers/install/system-defined-device-setup-classes-available-to-vendors',
        origin: 'MicrosoftDocs/windows-driver-docs windows-driver-docs-pr/install/system-defined-device-setup-classes-available-to-vendors.md',
      },
      {
        tag: 'D25',
        title: 'NdisReadConfiguration function (ndis.h)',
        url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisreadconfiguration',
        also: [{ title: 'NDIS_CONFIGURATION_PARAMETER structure (ndis.h)', url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/ns-ndis-_ndis_configuration_parameter' }],
        origin: 'MicrosoftDocs/windows-driver-docs-ddi wdk-ddi-src/content/ndis/nf-ndis-ndisreadconfiguration.md',
      },
    ],
  },
  {
    heading: 'Windows Server docs',
    intro:
      'Windows Server documentation, repository `MicrosoftDocs/windowsserverdocs` (files under `WindowsServerDocs/`), published under `https://learn.microsoft.com/windows-server/` with lower-case page names; Azure Local pages come from `MicrosoftDocs/azure-stack-docs`.',
    sources: [
      { tag: 'S1', title: 'NIC Teaming', url: `${SERVER}networking/technologies/nic-teaming/nic-teaming`, origin: 'WindowsServerDocs/networking/technologies/nic-teaming/NIC-Teaming.md' },
      { tag: 'S2', title: 'NIC Teaming settings', url: `${SERVER}networking/technologies/nic-teaming/nic-teaming-settings`, origin: 'WindowsServerDocs/networking/technologies/nic-teaming/nic-teaming-settings.md' },
      {
        tag: 'S3',
        title: 'Remote Direct Memory Access (RDMA) and Switch Embedded Teaming (SET)',
        url: `${SERVER}virtualization/hyper-v-virtual-switch/rdma-and-switch-embedded-teaming`,
        origin: 'WindowsServerDocs/virtualization/hyper-v-virtual-switch/RDMA-and-Switch-Embedded-Teaming.md',
      },
      { tag: 'S4', title: 'Plan the use of vRSS', url: `${SERVER}networking/technologies/vrss/vrss-plan`, origin: 'WindowsServerDocs/networking/technologies/vrss/vrss-plan.md' },
      {
        tag: 'S5',
        title: 'Software and hardware (SH) integrated features and technologies',
        url: `${SERVER}networking/technologies/hpn/hpn-software-hardware-features`,
        origin: 'WindowsServerDocs/networking/technologies/hpn/hpn-software-hardware-features.md',
      },
      { tag: 'S6', title: 'Hardware only (HO) features and technologies', url: `${SERVER}networking/technologies/hpn/hpn-hardware-only-features`, origin: 'WindowsServerDocs/networking/technologies/hpn/hpn-hardware-only-features.md' },
      {
        tag: 'S7',
        title: 'Performance tuning network adapters',
        url: `${SERVER}networking/technologies/network-subsystem/net-sub-performance-tuning-nics`,
        origin: 'WindowsServerDocs/networking/technologies/network-subsystem/net-sub-performance-tuning-nics.md',
      },
      { tag: 'S8', title: 'Software only (SO) features and technologies', url: `${SERVER}networking/technologies/hpn/hpn-software-only-features`, origin: 'WindowsServerDocs/networking/technologies/hpn/hpn-software-only-features.md' },
      {
        tag: 'S9',
        title: 'Host network requirements for Azure Local',
        url: 'https://learn.microsoft.com/azure/azure-local/concepts/host-network-requirements',
        origin: 'MicrosoftDocs/azure-stack-docs azure-stack/hci/concepts/host-network-requirements.md',
      },
      {
        tag: 'S10',
        title: 'Performance Tuning for Hyper-V Servers (Windows Server 2012 R2): Dynamic VMQ',
        url: 'https://learn.microsoft.com/previous-versions/dn567657(v=vs.85)',
        origin: 'section "Dynamic VMQ": overlapping dVMQ processor sets across virtual switches; Min and Sum example configurations',
      },
    ],
  },
  {
    heading: 'Win32 / CIM / protocol docs',
    intro: 'Win32 and CIM class documentation, repository `MicrosoftDocs/win32` (files under `desktop-src/`), published under `https://learn.microsoft.com/windows/win32/` with lower-case paths; protocol specifications under `https://learn.microsoft.com/openspecs/`.',
    sources: [
      { tag: 'W1', title: 'MSFT_NetAdapterAdvancedPropertySettingData class', url: `${CIM}msft-netadapteradvancedpropertysettingdata`, origin: 'desktop-src/FWP/wmi/netadaptercimprov/msft-netadapteradvancedpropertysettingdata.md' },
      { tag: 'W2', title: 'MSFT_NetAdapterVmqQueueSettingData class', url: `${CIM}msft-netadaptervmqqueuesettingdata`, origin: 'desktop-src/FWP/wmi/netadaptercimprov/msft-netadaptervmqqueuesettingdata.md' },
      { tag: 'W3', title: 'MSFT_NetAdapterRssSettingData class', url: `${CIM}msft-netadapterrsssettingdata`, origin: 'desktop-src/FWP/wmi/netadaptercimprov/msft-netadapterrsssettingdata.md' },
      { tag: 'W4', title: 'MSFT_NetAdapterVmqSettingData class', url: `${CIM}msft-netadaptervmqsettingdata`, origin: 'desktop-src/FWP/wmi/netadaptercimprov/msft-netadaptervmqsettingdata.md' },
      {
        tag: 'W5',
        title: 'MSFT_NetLbfoTeam class',
        url: 'https://learn.microsoft.com/windows/win32/fwp/wmi/ndisimplatcimprov/msft-netlbfoteam',
        origin: 'desktop-src/FWP/wmi/ndisimplatcimprov/msft-netlbfoteam.md (MsNetImPlatform.mof, NdisIMPlatCim.dll)',
      },
      {
        tag: 'W6',
        title: 'Msvm_EthernetSwitchPortOffloadSettingData class',
        url: 'https://learn.microsoft.com/windows/win32/hyperv_v2/msvm-ethernetswitchportoffloadsettingdata',
        origin: 'desktop-src/HyperV_v2/msvm-ethernetswitchportoffloadsettingdata.md',
      },
      {
        tag: 'W7',
        title: 'Msvm_EthernetSwitchHardwareOffloadSettingData class',
        url: 'https://learn.microsoft.com/windows/win32/hyperv_v2/msvm-ethernetswitchhardwareoffloadsettingdata',
        origin: 'desktop-src/HyperV_v2/msvm-ethernetswitchhardwareoffloadsettingdata.md',
      },
      {
        tag: 'W8',
        title: '[MS-RPRN] 2.2.3.9 Registry Type Values',
        url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-rprn/25cce700-7fcf-4bb6-a2f3-0f6d08430a55',
      },
    ],
  },
  {
    heading: 'PowerShell docs',
    intro:
      'Cmdlet reference, repository `MicrosoftDocs/windows-powershell-docs` (files under `docset/winserver2025-ps/<module>/<cmdlet>.md`), published at `https://learn.microsoft.com/powershell/module/<module>/<cmdlet>` (lower case).',
    sources: [
      cmdlets('P1', 'NetAdapter', ['Get-NetAdapterAdvancedProperty'], 'docset/winserver2025-ps/NetAdapter/Get-NetAdapterAdvancedProperty.md'),
      cmdlets('P2', 'NetAdapter', ['Set-NetAdapterAdvancedProperty'], 'docset/winserver2025-ps/NetAdapter/Set-NetAdapterAdvancedProperty.md'),
      cmdlets('P3', 'NetAdapter', ['Set-NetAdapterVmq', 'Get-NetAdapterVmq', 'Get-NetAdapterVmqQueue'], 'docset/winserver2025-ps/NetAdapter/'),
      cmdlets('P4', 'NetAdapter', ['Set-NetAdapterRss', 'Get-NetAdapterRss'], 'docset/winserver2025-ps/NetAdapter/'),
      cmdlets('P5', 'Hyper-V', ['Set-VMNetworkAdapter', 'Get-VMNetworkAdapter', 'Set-VMSwitch', 'New-VMSwitch', 'Get-VMSwitch', 'Get-VMSwitchTeam'], 'docset/winserver2025-ps/Hyper-V/'),
      cmdlets('P6', 'NetLbfo', ['New-NetLbfoTeam', 'Set-NetLbfoTeam', 'Set-NetLbfoTeamMember', 'Get-NetLbfoTeam'], 'docset/winserver2025-ps/NetLbfo/'),
      cmdlets('P7', 'Hyper-V', ['Get-VM'], 'docset/winserver2025-ps/Hyper-V/Get-VM.md'),
    ],
  },
  {
    heading: 'Repositories',
    intro: 'Microsoft and community code the notes read.',
    sources: [
      { tag: 'R1', title: 'Get-NetView (Microsoft)', url: 'https://github.com/microsoft/Get-NetView', origin: 'Get-NetView.psm1 @ 1fabc9d' },
      {
        tag: 'R2',
        title: 'NetworkingDsc: NetAdapterAdvancedProperty resource',
        url: 'https://github.com/dsccommunity/NetworkingDsc',
        origin: 'source/DSCResources/DSC_NetAdapterAdvancedProperty/DSC_NetAdapterAdvancedProperty.psm1',
      },
      { tag: 'R3', title: 'Convert-LBFO2SET (Microsoft)', url: 'https://github.com/microsoft/Convert-LBFO2SET', origin: 'README; also issue #17' },
    ],
  },
  {
    heading: 'Blogs and KBs',
    intro: '"Microsoft" marks Microsoft-authored posts, KBs and papers; the others are third-party.',
    sources: [
      { tag: 'B1', title: 'VMQ Deep Dive, 2 of 3 (Microsoft Networking Blog)', url: 'https://blogs.technet.microsoft.com/networking/2013/09/24/vmq-deep-dive-2-of-3/' },
      { tag: 'B2', title: 'VMQ Deep Dive, 1 of 3 (Microsoft Networking Blog)', url: 'https://blogs.technet.microsoft.com/networking/2013/09/10/vmq-deep-dive-1-of-3/' },
      { tag: 'B3', title: 'Debugging performance issues with VMQ (Microsoft Networking Blog)', url: 'https://blogs.technet.microsoft.com/networking/2014/05/28/debugging-performance-issues-with-vmq/' },
      {
        tag: 'B4',
        title: 'Synthetic Accelerations in a Nutshell: Windows Server 2012 (Microsoft Networking Blog)',
        url: 'https://techcommunity.microsoft.com/t5/Networking-Blog/Synthetic-Accelerations-in-a-Nutshell-Windows-Server-2012/ba-p/447792',
        origin: 'read via the argonsys.com mirror',
      },
      {
        tag: 'B5',
        title: 'Synthetic Accelerations in a Nutshell: Windows Server 2012 R2 (Microsoft Networking Blog)',
        url: 'https://techcommunity.microsoft.com/t5/Networking-Blog/Synthetic-Accelerations-in-a-Nutshell-Windows-Server-2012-R2/ba-p/481428',
      },
      {
        tag: 'B6',
        title: 'Synthetic Accelerations in a Nutshell: Windows Server 2016 (Microsoft Networking Blog)',
        url: 'https://techcommunity.microsoft.com/t5/networking-blog/synthetic-accelerations-in-a-nutshell-windows-server-2016/ba-p/535571',
      },
      {
        tag: 'B7',
        title: 'Synthetic Accelerations in a Nutshell: Windows Server 2019 (Microsoft Networking Blog)',
        url: 'https://techcommunity.microsoft.com/t5/networking-blog/synthetic-accelerations-in-a-nutshell-windows-server-2019/ba-p/653976',
      },
      { tag: 'B8', title: 'KB2974384: Event ID 106 when a Hyper-V virtual switch is bound to an LBFO team (Microsoft)', url: 'https://support.microsoft.com/kb/2974384' },
      {
        tag: 'B9',
        title: 'Best Practices for Virtualizing and Managing Exchange 2013, p. 34 (Microsoft whitepaper)',
        url: 'https://manualzz.com/doc/48745999/best-practices-for-virtualizing-andamp',
        origin: 'copy of the Microsoft whitepaper (v1.1, July 2015); D-VMQ, hyper-threading, first come first served',
      },
      { tag: 'B10', title: 'DVMQ in Windows 8 Hyper-V (workinghardinit)', url: 'https://blog.workinghardinit.work/tag/vmq-coalascing/' },
      { tag: 'B11', title: 'Hyper-V dVMQ (Hyper-V Rockstar)', url: 'http://www.hypervrockstar.com/dd_hyper-v-dvmq/' },
      { tag: 'B12', title: 'Why you skip the first core when configuring RSS and VMQ (John Savill, ITPro Today)', url: 'https://www.itprotoday.com/server-virtualization/why-you-skip-first-core-when-configuring-rss-and-vmq' },
      {
        tag: 'B13',
        title: 'Enabling and configuring VMQ/dVMQ in Windows Server 2012 R2 with a network adapter for less than 10 Gigs (Charbel Nemnom)',
        url: 'https://techsumo.net/2021/06/14/enabling-and-configuring-vmq-dvmq-in-windows-server-2012-r2-with-a-network-adapter-for-less-than-10-gigs-charbel-nemnom-mvp-mct-ccsp/',
        origin: 'repost',
      },
      {
        tag: 'B14',
        title: 'Mastering Windows Server 2016 Hyper-V, excerpt (p. 218)',
        url: 'https://issuhub.com/view/index?id=6089&pageIndex=218',
        also: [{ title: 'Mastering Windows Server 2016 Hyper-V, excerpt (p. 212)', url: 'https://issuhub.com/view/index?id=6089&pageIndex=212' }],
      },
      { tag: 'B16', title: 'NetQueue and VMDq (VMware blog)', url: 'http://blogs.vmware.com/vmtn/2008/08/netqueue-vmdire.html' },
      {
        tag: 'B17',
        title: 'Networking Deployment Guide: Deploying High-Speed Networking Features (Microsoft, 2009)',
        url: null,
        origin: 'only the title page was seen; no published URL found',
      },
      { tag: 'B18', title: 'NIC teaming and VMQ (Marc van Eijk)', url: 'http://marcvaneijk.com/2013/01/11/nic3.html' },
      { tag: 'B19', title: 'Quoting the Microsoft NIC Teaming user guide (azurecentric)', url: 'http://azurecentric.com/2013/04/' },
      { tag: 'B20', title: 'Support policy for NIC teaming with Hyper-V, KB968703 (Microsoft)', url: 'https://learn.microsoft.com/troubleshoot/windows-server/virtualization/support-policy-nic-teaming' },
    ],
  },
  {
    heading: 'Simulator facts (F1-F18)',
    intro: "The simulator's parameters (`vmqlint simulate --list-params`) and some rules cite these facts by number.",
    outro: "**How the simulator reads F6**. \"Load\" is what\nthe OS can measure: an LP's busy fraction, at most its capacity, and each VMQ's share of the work\nthat LP served; never the demand a saturated LP could not serve (link-capped offered load can\nexceed 100% of an LP, and compared against the upper threshold it kept a queue whose own demand\nexceeded the threshold on its home LP forever, even beside an idle LP). An LP above the upper\nthreshold (`uHi`, GUESS 0.9) with more than one loaded queue moves its queues, heaviest first, each\nto the nearest LP of its set (same NUMA node first, never its own core, not one that just received a\nqueue) that stays at or below `uHi` after the move, until it is back under `uHi` or has moved\n`movesPerLpDvmq` queues; LPs below `uLo` hand queues back home. A queue\nalone on its LP does not move: a VMQ is served by one core. The thresholds stay parameters\n(`uHi`, `uLo`, `uPackDvmq`, `uPackDvmmq`, `dvmqEvalMs`, `alphaDvmq`, `freezeEvals`,\n`movesPerLpDvmq` in `vmqlint simulate --list-params`), since Microsoft published none.\n\n**vRSS** (F9, F16; [S4] https://learn.microsoft.com/windows-server/networking/technologies/vrss/vrss-plan):\nthe simulator spreads a vNIC's VM-queue work over up to one LP per vCPU when `VrssEnabled` (as\nexported, else off on 2012 R2 and on from 2016) and S4's requirements hold: VMQ on a NIC of\n10 Gbps or more, no SR-IOV VF on the vNIC, more than one vCPU. Which LPs Windows picks and what a\nhand-off costs are not published (GUESS: least-used LPs of the NIC's VMQ set, `vrssFanoutUs`).",
    sources: [
      {
        tag: "F1",
        title: "DVMQ in Windows 8 Hyper-V (workinghardinit)",
        url: "https://blog.workinghardinit.work/tag/vmq-coalascing/",
        also: [{ title: "Hyper-V dVMQ (Hyper-V Rockstar)", url: "http://www.hypervrockstar.com/dd_hyper-v-dvmq/" }],
        fact: "Without VMQ or RSS, all receive processing for the vSwitch lands on one core. On 10 GbE that core saturates at about 3-4 Gbps. With VMQ, 8+ Gbps of the 10 Gbps link is usable. Queues are a limited resource, handed out first come first served.",
      },
      {
        tag: "F2",
        title: "Synthetic Accelerations in a Nutshell: Windows Server 2012 (Microsoft Networking Blog)",
        url: "https://techcommunity.microsoft.com/t5/Networking-Blog/Synthetic-Accelerations-in-a-Nutshell-Windows-Server-2012/ba-p/447792",
        origin: "read via https://argonsys.com/microsoft-cloud/library/synthetic-accelerations-in-a-nutshell-windows-server-2012/",
        fact: "Typical user experience: one VM copying over 10 GbE gets 9+ Gbps, but with a few VMs the result is only \"3-5 Gbps\" because one CPU core is pegged.",
      },
      {
        tag: "F3",
        title: "Why you skip the first core when configuring RSS and VMQ (John Savill, ITPro Today)",
        url: "https://www.itprotoday.com/server-virtualization/why-you-skip-first-core-when-configuring-rss-and-vmq",
        fact: "With VMQ, each vmNIC/host vNIC is tied to one queue, and so to one core. That caps it at \"normally around 5-6 Gbps on modern processors\". RSS and VMQ cannot share the same NIC queues.",
      },
      {
        tag: "F4",
        title: "Dynamic VMQ (Pankaj Garg, Microsoft D-VMQ lead)",
        url: "https://blog.pankajgarg.com/dynamic-vmq/",
        fact: "Static VMQ (2008 R2): at VM start, queues are bound to processors round-robin and stay there until the VM restarts. Dynamic VMQ: use as many processors as the load needs, fewer at low load (to save power), more at high load. It needs NIC support for changing a queue's processor affinity at runtime.",
      },
      {
        tag: "F5",
        title: "VMQ Deep Dive, 2 of 3 (Microsoft Networking Blog)",
        url: "https://blogs.technet.microsoft.com/networking/2013/09/24/vmq-deep-dive-2-of-3/",
        fact: "WS2012 D-VMQ: all VMQs start on one \"Home Processor\". When network traffic and CPU use reach a set threshold, the load spreads to more processors. When they drop below a threshold, it scales back down. No admin action is needed beyond enabling VMQ.",
      },
      {
        tag: "F6",
        title: "US patent 8984526 B2 (Garg, Dabagh, Li; Microsoft; filed 2012-03-09)",
        url: "https://patents.google.com/patent/US8984526B2/en",
        also: [{ title: "US patent 8984526 (patentable.app)", url: "https://patentable.app/patents/8984526" }, { title: "Application US20130239119A1 (Google Patents)", url: "https://patents.google.com/patent/US20130239119A1/en" }],
        fact: "Algorithm (patent US8984526 B2, Garg/Dabagh/Li, Microsoft, filed 2012-03-09). For each processor, compute its total load. If the load is above an **upper threshold**, move one of its VMQs to another processor, but only if that processor would stay at or below the upper threshold after the move. Prefer the \"next physically closest\" processor. Repeat for further VMQs. When load falls **below a threshold**, move VMQs back, preferring the queue's home processor or a processor on the same NUMA node. Stated goals: throughput and lower power.",
      },
      {
        tag: "F7",
        title: "Synthetic Accelerations in a Nutshell: Windows Server 2019 (Microsoft Networking Blog)",
        url: "https://techcommunity.microsoft.com/t5/networking-blog/synthetic-accelerations-in-a-nutshell-windows-server-2019/ba-p/653976",
        also: [{ title: "Synthetic Accelerations in a Nutshell: Windows Server 2016", url: "https://techcommunity.microsoft.com/t5/networking-blog/synthetic-accelerations-in-a-nutshell-windows-server-2016/ba-p/535571" }, { title: "Synthetic Accelerations in a Nutshell: Windows Server 2012 R2", url: "https://techcommunity.microsoft.com/t5/Networking-Blog/Synthetic-Accelerations-in-a-Nutshell-Windows-Server-2012-R2/ba-p/481428" }],
        fact: "Version history. D-VMQ was built in the Windows 8 / WS2012 cycle (F4, F5). Cuomo's series credits \"Dynamic VMQ\" to 2012 R2, where vRSS also arrived. **D-VMQ was not available in WS2016** because of the VMMQ redesign. WS2019 brings **Dynamic VMMQ**, which remaps VMMQ's indirection table to other processors at runtime. Goals: host efficiency and automatic tuning of the indirection table. LBFO teams mostly do not get this; SET is recommended.",
      },
      {
        tag: "F8",
        title: "Receive Side Scaling Version 2 (RSSv2)",
        url: "https://learn.microsoft.com/windows-hardware/drivers/network/receive-side-scaling-version-2-rssv2-",
        also: [{ title: "OID_GEN_RSS_SET_INDIRECTION_TABLE_ENTRIES", url: "https://learn.microsoft.com/windows-hardware/drivers/network/oid-gen-rss-set-indirection-table-entries" }],
        fact: "RSSv2 (NDIS 6.80, Windows 10 1803+, used by d.VMMQ). It shortens the time from measuring CPU load to updating the indirection table. Each move of an indirection-table entry (ITE) runs at DISPATCH_LEVEL on the processor the entry currently points to. A per-vPort \"scaling mode\" is either static (ITEs never move because of load) or dynamic (ITEs \"expand and coalesce\" with traffic). Each vPort has a home processor (where VMQ traffic goes) and a default processor (for packets that cannot be hashed). Native RSS allows at most 128 ITEs. In VMQ mode the per-vPort cap is NumberOfIndirectionTableEntriesPerNonDefaultPFVPort / ...ForDefaultVPort.",
      },
      {
        tag: "F9",
        title: "Mastering Windows Server 2016 Hyper-V, excerpt (p. 218)",
        url: "https://issuhub.com/view/index?id=6089&pageIndex=218",
        also: [{ title: "What is VMMQ? (Windows IT Pro)", url: "https://windowsitpro.com/hyper-v/what-vmmq" }],
        fact: "vRSS (2012 R2) spreads in software. The hardware interrupt still arrives on the VMQ's processor, and a software interrupt then fans the work out. So vRSS costs two interrupts per batch. VMMQ (2016+) gives a vPort several hardware queues and lets the NIC hash traffic across them with Toeplitz, so the interrupts themselves are spread. The default queue can also use several queues. The VM still needs several vCPUs.",
      },
      {
        tag: "F10",
        title: "Overview of Virtual Machine Multiple Queues",
        url: "https://learn.microsoft.com/windows-hardware/drivers/network/overview-of-virtual-machine-multiple-queues",
        fact: "VMMQ is on by default on WS2019 when the NIC and a vendor driver support it. It is off or unavailable on WS2016 by default, and on any system-supplied driver. It does not exist before 2016.",
      },
      {
        tag: "F11",
        title: "Top 10 Networking Features in Windows Server 2019: #5 (Microsoft Networking Blog)",
        url: "https://techcommunity.microsoft.com/t5/networking-blog/top-10-networking-features-in-windows-server-2019-5-network/ba-p/339773",
        fact: "WS2016 showed 40 Gbps into one VM with VMMQ. WS2019 \"reaches and maintains\" 40 Gbps at lower CPU, using RSC in the vSwitch plus d.VMMQ.",
      },
      {
        tag: "F12",
        title: "Best Practices for Virtualizing and Managing Exchange 2013, p. 34 (Microsoft whitepaper)",
        url: "https://manualzz.com/doc/48745999/best-practices-for-virtualizing-andamp",
        fact: "Hyper-threading: D-VMQ spreads only across physical cores, never onto HT siblings. With 4 cores / 8 LPs, VMQ uses LPs 0, 2, 4, 6. Queues go to VMs first come first served, and making every VM eligible can waste queues.",
      },
      {
        tag: "F13",
        title: "Enabling and configuring VMQ/dVMQ in Windows Server 2012 R2 with a network adapter for less than 10 Gigs (Charbel Nemnom)",
        url: "https://techsumo.net/2021/06/14/enabling-and-configuring-vmq-dvmq-in-windows-server-2012-r2-with-a-network-adapter-for-less-than-10-gigs-charbel-nemnom-mvp-mct-ccsp/",
        fact: "1 GbE: VMQ is off by default on 1 Gbps NICs because Microsoft saw no benefit (one core handles 1 Gbps). A known Broadcom 1 Gb VMQ driver problem made \"disable VMQ\" folk wisdom. VMQ turns on by default when a vSwitch is bound to a NIC of 10 Gbps or faster.",
      },
      {
        tag: "F14",
        title: "NIC Teaming and VMQs (Windows Server NIC Teaming topic, Microsoft)",
        url: "https://learn.microsoft.com/previous-versions/orphan-topics/ws.11/mt179270(v=ws.11)",
        also: [{ title: "Illogical networking: Virtual Machine Queue, Hyper-V 2012, part 2 (OCSL)", url: "https://www.ocsl.co.uk/insights/thought-piece/illogical-networking-%E2%80%93-virtual-machine-queue-hyper-v-2012-%E2%80%93-part-2" }],
        fact: "Teaming. **Min-Queues** mode reports the smallest member's queue count (for example 4+8 reports 4), and the members should share one processor set. **Sum-of-Queues** mode applies only to Switch-Independent teams with Hyper-V Port or Dynamic load balancing. It reports the sum of members' queues, and each member must use a *disjoint* processor set.",
      },
      {
        tag: "F15",
        title: "Debugging performance issues with VMQ (Microsoft Networking Blog)",
        url: "https://blogs.technet.microsoft.com/networking/2014/05/28/debugging-performance-issues-with-vmq/",
        also: [{ title: "Hyper-V dVMQ (Hyper-V Rockstar)", url: "http://www.hypervrockstar.com/dd_hyper-v-dvmq/" }],
        fact: "A VMQ is allocated when a VM powers on and kept until the VM powers off or migrates away. Once queues run out, VMs without one use the default queue.",
      },
      {
        tag: "F16",
        title: "Msvm_EthernetSwitchHardwareOffloadSettingData class",
        url: "https://learn.microsoft.com/windows/win32/hyperv_v2/msvm-ethernetswitchhardwareoffloadsettingdata",
        also: [{ title: "Msvm_EthernetSwitchPortOffloadSettingData class", url: "https://learn.microsoft.com/windows/win32/hyperv_v2/msvm-ethernetswitchportoffloadsettingdata" }],
        fact: "Per-vNIC and switch defaults exposed via WMI. Per vNIC: `VMQOffloadWeight=100` (0 means no VMQ; see Set-VMNetworkAdapter -VmqWeight), `VmmqQueuePairs=16`, `VrssEnabled=TRUE`, `VmmqEnabled=FALSE`, `VrssQueueSchedulingMode=2`, `VrssMinQueuePairs=1`. Per switch: `DefaultQueueVrssEnabled=TRUE`, `DefaultQueueVmmqEnabled=FALSE`, `DefaultQueueVmmqQueuePairs=16`.",
      },
      {
        tag: "F17",
        title: "MSFT_NetAdapterVmqSettingData class (legacy reference)",
        url: "https://learn.microsoft.com/previous-versions/windows/desktop/legacy/hh872394(v=vs.85)",
        fact: "NIC VMQ capability and config fields: NumberOfReceiveQueues, BaseProcessorNumber/Group, MaxProcessors, MaxProcessorNumber, NumaNode, **DynamicProcessorAffinityChangeSupported**, **InterruptVectorCoalescingSupported**, LookaheadSplit, VLAN filtering.",
      },
      {
        tag: "F18",
        title: "Hyper-V and VMQs: mythbusting (blog.apps.id.au)",
        url: "https://blog.apps.id.au/hyper-v-and-vmqs-mythbusting/",
        also: [{ title: "Why you skip the first core when configuring RSS and VMQ (John Savill, ITPro Today)", url: "https://www.itprotoday.com/server-virtualization/why-you-skip-first-core-when-configuring-rss-and-vmq" }],
        fact: "Admins were told to keep VMQ/RSS off core 0 (BaseProcessorNumber 1, or 2 with HT), because core 0 carries much kernel work and a VMQ storm there starves the host.",
      },
    ],
  },
];

/** Every source, in table order. */
export const SOURCES: readonly Source[] = SOURCE_GROUPS.flatMap((g) => g.sources);

const BY_TAG = new Map(SOURCES.map((s) => [s.tag.toLowerCase(), s]));

/** The source behind a tag (`S1`, `[S1]`, `f14`), or undefined when the table has none. */
export function sourceOf(tag: string): Source | undefined {
  return BY_TAG.get(tag.replace(/^\[|\]$/g, '').toLowerCase());
}
