import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dashColumns, isTruncated, parseFormatTables } from '../../../src/ingest/netview/format-table.js';
import { toLines } from '../../../src/ingest/netview/text.js';

const ft = (text: string) => parseFormatTables(toLines(text));

describe('Format-Table', () => {
  it('reads the real 5.1 Get-NetAdapterVmq table: columns by the dashes, wrapped header, mid-string cut (formats.md 6.2)', () => {
    const text = [
      '',
      'Name                           InterfaceDescription              Enabled BaseVmqProcessor MaxProcessors NumberOfReceiveQ',
      '                                                                                                        ueues',
      '----                           --------------------              ------- ---------------- ------------- ----------------',
      'Embedded LOM 1 Port 3          HPE Ethernet 1Gb 4-port 331i...#2 False   0:0              16',
      'SLOT 2 Port 1                  HP Ethernet 10Gb 2-port 557S...#2 True    0:2                            379',
      '',
    ].join('\r\n');
    const { tables, stray } = ft(text);
    expect(stray).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(tables[0].columns.map((c) => c.header)).toEqual(['Name', 'InterfaceDescription', 'Enabled', 'BaseVmqProcessor', 'MaxProcessors', 'NumberOfReceiveQueues']);
    const [a, b] = tables[0].rows;
    expect(a.cells.Name.text).toBe('Embedded LOM 1 Port 3');
    expect(a.cells.InterfaceDescription).toMatchObject({ text: 'HPE Ethernet 1Gb 4-port 331i...#2', truncated: true });
    expect(a.cells.MaxProcessors.text).toBe('16');
    expect(a.cells.NumberOfReceiveQueues.text).toBe('');
    expect(b.cells.MaxProcessors.text).toBe('');
    expect(b.cells.NumberOfReceiveQueues.text).toBe('379');
    expect(b.line).toBe(6);
  });

  it('reads the Get-NetAdapter default layout: right-aligned numbers, values with spaces, an empty cell', () => {
    // Column layout as published console output shows it (rsmith7712/powershell-scripts); values ours.
    const text = [
      'Name                      InterfaceDescription                    ifIndex Status       MacAddress             LinkSpeed',
      '----                      --------------------                    ------- ------       ----------             ---------',
      'vEthernet (SETvSwitch)    Hyper-V Virtual Ethernet Adapter             12 Up           00-15-5D-0A-00-01       50 Gbps',
      'SLOT 6 Port 1             Mellanox ConnectX-4 Lx Ethernet Ad...#2       7 Not Present  B8-59-9F-00-00-02          0 bps',
      'Team1                     Microsoft Network Adapter Multiplexo...      18 Disconnected                            ',
    ].join('\r\n');
    const rows = ft(text).tables[0].rows.map((r) => Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, c.truncated ? `${c.text} (cut)` : c.text])));
    expect(rows).toEqual([
      { Name: 'vEthernet (SETvSwitch)', InterfaceDescription: 'Hyper-V Virtual Ethernet Adapter', ifIndex: '12', Status: 'Up', MacAddress: '00-15-5D-0A-00-01', LinkSpeed: '50 Gbps' },
      { Name: 'SLOT 6 Port 1', InterfaceDescription: 'Mellanox ConnectX-4 Lx Ethernet Ad...#2 (cut)', ifIndex: '7', Status: 'Not Present', MacAddress: 'B8-59-9F-00-00-02', LinkSpeed: '0 bps' },
      { Name: 'Team1', InterfaceDescription: 'Microsoft Network Adapter Multiplexo... (cut)', ifIndex: '18', Status: 'Disconnected', MacAddress: '', LinkSpeed: '' },
    ]);
  });

  it('marks 7.x `…` and 5.1 `...` truncation at the end of a full cell, and nothing else', () => {
    const text = ['Name       Description', '----       -----------', 'vEthernet… Hyper-V Virtual Ethernet Adapter', 'NIC1       ends w...'].join('\n');
    const rows = ft(text).tables[0].rows;
    expect(rows[0].cells.Name).toMatchObject({ text: 'vEthernet…', truncated: true });
    expect(rows[0].cells.Description.truncated).toBe(false);
    // Shorter than its column: a value that ends in dots, not a cut one.
    expect(rows[1].cells.Description).toMatchObject({ text: 'ends w...', truncated: false });
    expect(isTruncated('Broadcom NetXtreme Gigabit E...#4', 33)).toBe(true);
    expect(isTruncated('short...', 20)).toBe(false);
  });

  it('reads a header wrapped one letter per line (a very narrow console, MysticFoxDE#15)', () => {
    const text = ['Name  R', '      e', '      g', '---- ---', 'NIC1 {1}'].join('\n');
    const t = ft(text).tables[0];
    expect(t.columns.map((c) => c.header)).toEqual(['Name', 'Reg']);
    expect(t.rows[0].cells.Reg.text).toBe('{1}');
  });

  it('reads two tables in one block, and a dashes line without a header is text', () => {
    const text = ['A B', '- -', '1 2', '', '---', '', 'C', '-', '3'].join('\n');
    const { tables, stray } = ft(text);
    expect(tables.map((t) => t.rows.map((r) => Object.values(r.cells).map((c) => c.text)))).toEqual([[['1', '2']], [['3']]]);
    expect(stray.map((l) => l.text)).toEqual(['---']);
    expect(dashColumns('---- -- -')).toEqual([{ start: 0, end: 4 }, { start: 5, end: 7 }, { start: 8, end: 9 }]);
  });

  it('round-trips any -AutoSize table (fast-check)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9:#().-]{1,12}( [A-Za-z0-9:#().-]{1,8})?$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Z][A-Za-z]{0,14}$/), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.infiniteStream(fc.option(word, { nil: '' })),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (headers, n, cellsStream, right) => {
          // A row of empty cells prints as a blank line, which ends a table: not a row PowerShell can show.
          const rows = Array.from({ length: n }, () => headers.map(() => cellsStream.next().value as string)).filter((r) => r.some((c) => c !== ''));
          const widths = headers.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
          const pad = (s: string, k: number) => (right[k] ? s.padStart(widths[k]) : s.padEnd(widths[k]));
          const line = (cells: string[]) => cells.map(pad).join(' ').trimEnd();
          const text = ['', line(headers), widths.map((w) => '-'.repeat(w)).join(' '), ...rows.map(line), '', ''].join('\r\n');
          const t = ft(text).tables[0];
          expect(t.columns.map((c) => c.header)).toEqual(headers);
          expect(t.rows.map((r) => headers.map((h) => r.cells[h].text))).toEqual(rows.map((r) => r.map((c) => c.trim())));
        },
      ),
      { numRuns: 300 },
    );
  });
});
