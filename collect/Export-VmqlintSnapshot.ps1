<#
.SYNOPSIS
    Exports what vmqlint reads from Hyper-V hosts into one folder per host. Read-only on every host.

.DESCRIPTION
    Runs the cmdlets vmqlint's model needs, with the switches that keep the data it checks
    (Get-NetAdapterAdvancedProperty -AllProperties -IncludeHidden, Get-VMNetworkAdapter -All),
    and writes each as CLIXML (Export-Clixml), the NIC class key and the VMSMP parameters with
    `reg export`, plus OS, processor, NUMA and VM information, into <OutputPath>\<HOST>\.
    With -JsonPath, each cmdlet is also written as JSON (ConvertTo-Json -Depth 4) into
    <JsonPath>\<HOST>\ (a separate tree: lint one tree or the other, not both, or every object
    is read twice).

    Remote hosts (-ComputerName, -CimSession, -Cluster) are collected through Invoke-Command
    (WinRM): `reg export` only reads the local registry, so the collection runs on the node
    itself, into a folder of its own under the node's %TEMP%, and the files are brought back as
    text and that folder removed. Nothing on any host is changed.

    The file names are the ones vmqlint's ingest lists (src/ingest/export-manifest.ts); a test
    keeps this script and that list equal. Works on Windows PowerShell 5.1 and PowerShell 7.

.PARAMETER OutputPath
    Folder that receives one folder per host. Created if missing. Default: .\vmqlint-snapshot

.PARAMETER JsonPath
    Also write each cmdlet as JSON (-Depth 4) into this folder, one folder per host.

.PARAMETER ComputerName
    Remote hosts to collect through Invoke-Command. Without it (and without -CimSession and
    -Cluster) the local host is collected.

.PARAMETER CimSession
    CIM sessions to remote hosts: their computer names are collected through Invoke-Command
    (WinRM), as `reg export` cannot run over CIM.

.PARAMETER Cluster
    A failover cluster: every node Get-ClusterNode lists as Up is collected.

.PARAMETER Credential
    Credential for Invoke-Command on remote hosts.

.EXAMPLE
    .\Export-VmqlintSnapshot.ps1 -OutputPath C:\snap
    npx vmqlint lint C:\snap

.EXAMPLE
    .\Export-VmqlintSnapshot.ps1 -Cluster HVCLU01 -OutputPath C:\snap -JsonPath C:\snap-json

.NOTES
    Needs administrator rights for Get-VM and Get-VMNetworkAdapter -All; the LBFO and Hyper-V
    cmdlets are skipped with a warning where their module is missing.
#>
[CmdletBinding()]
param(
    [string]$OutputPath = '.\vmqlint-snapshot',
    [string]$JsonPath = '',
    [string[]]$ComputerName = @(),
    [Microsoft.Management.Infrastructure.CimSession[]]$CimSession = @(),
    [string]$Cluster = '',
    [System.Management.Automation.PSCredential]$Credential
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

function Export-VmqlintHost {
    <#
    .SYNOPSIS
        Collects this host into $Folder (CLIXML and .reg) and $JsonFolder (JSON, when given).
        Self-contained: it is also sent to remote nodes as Invoke-Command's script block.
    #>
    param(
        [string]$Folder,
        [string]$JsonFolder,
        [bool]$StageJson
    )
    $ErrorActionPreference = 'Stop'
    if (-not $Folder) {
        # A remote node: stage under its own %TEMP% (reg export cannot write to this machine).
        $Folder = Join-Path $env:TEMP ('vmqlint-snapshot-' + [guid]::NewGuid().ToString('N'))
        $JsonFolder = ''
        if ($StageJson) {
            $JsonFolder = Join-Path $Folder 'json'
        }
    }
    $null = New-Item -ItemType Directory -Path $Folder -Force
    if ($JsonFolder) {
        $null = New-Item -ItemType Directory -Path $JsonFolder -Force
    }
    $hasLbfo = [bool](Get-Command -Name Get-NetLbfoTeam -ErrorAction SilentlyContinue)
    $hasHyperV = [bool](Get-Command -Name Get-VMSwitch -ErrorAction SilentlyContinue)
    $lists = [ordered]@{}

    # The cmdlets vmqlint maps (docs/exports.md); each list is exported once per format.
    $lists['Get-NetAdapter'] = @(Get-NetAdapter -IncludeHidden)
    $lists['Get-NetAdapterAdvancedProperty'] = @(Get-NetAdapterAdvancedProperty -AllProperties -IncludeHidden)
    $lists['Get-NetAdapterVmq'] = @(Get-NetAdapterVmq -ErrorAction SilentlyContinue)
    $lists['Get-NetAdapterVmqQueue'] = @(Get-NetAdapterVmqQueue -ErrorAction SilentlyContinue)
    $lists['Get-NetAdapterRss'] = @(Get-NetAdapterRss -ErrorAction SilentlyContinue)
    $lists['Get-NetAdapterSriov'] = @(Get-NetAdapterSriov -ErrorAction SilentlyContinue)
    $lists['Get-NetAdapterHardwareInfo'] = @(Get-NetAdapterHardwareInfo -ErrorAction SilentlyContinue)
    if ($hasLbfo) {
        $lists['Get-NetLbfoTeam'] = @(Get-NetLbfoTeam)
        $lists['Get-NetLbfoTeamMember'] = @(Get-NetLbfoTeamMember)
        $lists['Get-NetLbfoTeamNic'] = @(Get-NetLbfoTeamNic)
    }
    else {
        Write-Warning "${env:COMPUTERNAME}: no NetLbfo module; LBFO teams not exported."
    }
    if ($hasHyperV) {
        $lists['Get-VMSwitch'] = @(Get-VMSwitch)
        $lists['Get-VMSwitchTeam'] = @(Get-VMSwitchTeam -ErrorAction SilentlyContinue)
        $lists['Get-VMNetworkAdapter'] = @(Get-VMNetworkAdapter -All)
        $lists['Get-VM'] = @(Get-VM)
        $lists['Get-VMHostNumaNode'] = @(Get-VMHostNumaNode)
    }
    else {
        Write-Warning "${env:COMPUTERNAME}: no Hyper-V module; switches, vNICs and VMs not exported."
    }
    $lists['Get-ComputerInfo'] = @(Get-ComputerInfo)
    $lists['Win32_Processor'] = @(Get-CimInstance -ClassName Win32_Processor)
    $lists['Win32_OperatingSystem'] = @(Get-CimInstance -ClassName Win32_OperatingSystem)

    foreach ($name in $lists.Keys) {
        $lists[$name] | Export-Clixml -LiteralPath (Join-Path $Folder ($name + '.xml'))
        if ($JsonFolder) {
            ConvertTo-Json -InputObject $lists[$name] -Depth 4 |
                Out-File -LiteralPath (Join-Path $JsonFolder ($name + '.json')) -Encoding utf8
        }
    }

    # reg export reads the local registry only: this is why remote nodes run this function.
    reg.exe export 'HKLM\SYSTEM\CurrentControlSet\Control\Class\{4D36E972-E325-11CE-BFC1-08002BE10318}' (Join-Path $Folder 'nic-class.reg') /y | Out-Null
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "${env:COMPUTERNAME}: reg export of the NIC class key failed ($LASTEXITCODE)."
    }
    reg.exe export 'HKLM\SYSTEM\CurrentControlSet\Services\VMSMP\Parameters' (Join-Path $Folder 'vmsmp.reg') /y | Out-Null
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "${env:COMPUTERNAME}: no VMSMP parameters key (Hyper-V switch not installed?)."
    }
    [pscustomobject]@{ Host = $env:COMPUTERNAME; Folder = $Folder; JsonFolder = $JsonFolder }
}

function Get-VmqlintStagedFile {
    <#
    .SYNOPSIS
        Reads back the files a remote Export-VmqlintHost wrote, then removes its own staging folder.
    #>
    param(
        [string]$Stage
    )
    $ErrorActionPreference = 'Stop'
    foreach ($file in @(Get-ChildItem -LiteralPath $Stage -File -Recurse)) {
        $kind = 'xml'
        if ($file.DirectoryName -ne $Stage) {
            $kind = 'json'
        }
        [pscustomobject]@{ Kind = $kind; Name = $file.Name; Text = (Get-Content -LiteralPath $file.FullName -Raw) }
    }
    Remove-Item -LiteralPath $Stage -Recurse -Force
}

$targets = @($ComputerName)
foreach ($session in $CimSession) {
    $targets += $session.ComputerName
}
if ($Cluster) {
    $targets += @(Get-ClusterNode -Cluster $Cluster | Where-Object { $_.State -eq 'Up' } | ForEach-Object { $_.Name })
}

$null = New-Item -ItemType Directory -Path $OutputPath -Force
if ($JsonPath) {
    $null = New-Item -ItemType Directory -Path $JsonPath -Force
}

if ($targets.Count -eq 0) {
    $hostFolder = Join-Path $OutputPath $env:COMPUTERNAME
    $jsonFolder = ''
    if ($JsonPath) {
        $jsonFolder = Join-Path $JsonPath $env:COMPUTERNAME
    }
    $done = Export-VmqlintHost -Folder $hostFolder -JsonFolder $jsonFolder -StageJson $false
    Write-Verbose "Collected $($done.Host) into $hostFolder"
    Get-Item -LiteralPath $hostFolder
    return
}

$stageJson = [bool]$JsonPath
$remote = @{}
if ($Credential) {
    $remote['Credential'] = $Credential
}
foreach ($target in $targets) {
    try {
        $done = Invoke-Command -ComputerName $target @remote -ScriptBlock ${function:Export-VmqlintHost} -ArgumentList '', '', $stageJson
        $files = @(Invoke-Command -ComputerName $target @remote -ScriptBlock ${function:Get-VmqlintStagedFile} -ArgumentList $done.Folder)
        $hostFolder = Join-Path $OutputPath $done.Host
        $null = New-Item -ItemType Directory -Path $hostFolder -Force
        foreach ($file in $files) {
            $into = $hostFolder
            if ($file.Kind -eq 'json') {
                $into = Join-Path $JsonPath $done.Host
                $null = New-Item -ItemType Directory -Path $into -Force
            }
            # UTF-16LE with a BOM on 5.1 and 7 alike: what Export-Clixml (5.1) and reg export write.
            $file.Text | Out-File -LiteralPath (Join-Path $into $file.Name) -Encoding unicode -NoNewline
        }
        Write-Verbose "Collected $($done.Host) ($target) into $hostFolder"
        Get-Item -LiteralPath $hostFolder
    }
    catch {
        Write-Warning "${target}: not collected: $($_.Exception.Message)"
    }
}
