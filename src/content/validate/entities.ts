/** Sentinel entity types, their identifiers, and the identifier combinations of which a mapping needs one. */
interface EntitySpec { identifiers: string[]; required: string[][] }

const any = (...ids: string[]): string[][] => ids.map((id) => [id]);

export const ENTITY_TYPES: Record<string, EntitySpec> = {
  Account: {
    identifiers: ['Name', 'FullName', 'NTDomain', 'DnsDomain', 'UPNSuffix', 'Sid', 'AadTenantId', 'AadUserId', 'PUID', 'IsDomainJoined', 'DisplayName', 'ObjectGuid'],
    required: any('FullName', 'Sid', 'Name', 'AadUserId', 'PUID', 'ObjectGuid'),
  },
  AzureResource: { identifiers: ['ResourceId'], required: any('ResourceId') },
  CloudApplication: { identifiers: ['AppId', 'Name', 'InstanceName'], required: any('AppId', 'Name') },
  DNS: { identifiers: ['DomainName'], required: any('DomainName') },
  File: { identifiers: ['Directory', 'Name'], required: any('Name') },
  FileHash: { identifiers: ['Algorithm', 'Value'], required: [['Algorithm', 'Value']] },
  Host: {
    identifiers: ['DnsDomain', 'NTDomain', 'HostName', 'FullName', 'NetBiosName', 'AzureID', 'OMSAgentID', 'OSFamily', 'OSVersion', 'IsDomainJoined'],
    required: any('FullName', 'HostName', 'NetBiosName', 'AzureID', 'OMSAgentID'),
  },
  IoTDevice: {
    identifiers: ['DeviceId', 'DeviceName', 'Manufacturer', 'Model', 'FirmwareVersion', 'OperatingSystem', 'MacAddress', 'Protocols', 'SerialNumber', 'Source', 'IoTSecurityAgentId', 'DeviceType'],
    required: any('DeviceId'),
  },
  IP: { identifiers: ['Address'], required: any('Address') },
  Mailbox: { identifiers: ['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'], required: any('MailboxPrimaryAddress') },
  MailCluster: {
    identifiers: ['NetworkMessageIds', 'CountByDeliveryStatus', 'CountByThreatType', 'CountByProtectionStatus', 'Threats', 'Query', 'QueryTime', 'MailCount', 'IsVolumeAnomaly', 'Source', 'ClusterSourceIdentifier', 'ClusterSourceType', 'ClusterQueryStartTime', 'ClusterQueryEndTime', 'ClusterGroup'],
    required: any('Query', 'Source'),
  },
  MailMessage: {
    identifiers: ['Recipient', 'Urls', 'Threats', 'Sender', 'P1Sender', 'P1SenderDisplayName', 'P1SenderDomain', 'SenderIP', 'P2Sender', 'P2SenderDisplayName', 'P2SenderDomain', 'ReceivedDate', 'NetworkMessageId', 'InternetMessageId', 'Subject', 'BodyFingerprintBin1', 'BodyFingerprintBin2', 'BodyFingerprintBin3', 'BodyFingerprintBin4', 'BodyFingerprintBin5', 'AntispamDirection', 'DeliveryAction', 'DeliveryLocation', 'Language', 'ThreatDetectionMethods'],
    required: any('NetworkMessageId', 'Recipient'),
  },
  Malware: { identifiers: ['Name', 'Category'], required: any('Name') },
  Process: { identifiers: ['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'], required: any('CommandLine', 'ProcessId') },
  RegistryKey: { identifiers: ['Hive', 'Key'], required: any('Key', 'Hive') },
  RegistryValue: { identifiers: ['Name', 'Value', 'ValueType'], required: any('Name') },
  SecurityGroup: { identifiers: ['DistinguishedName', 'SID', 'ObjectGuid'], required: any('DistinguishedName', 'SID', 'ObjectGuid') },
  SubmissionMail: {
    identifiers: ['NetworkMessageId', 'Timestamp', 'Recipient', 'Sender', 'SenderIp', 'Subject', 'ReportType', 'SubmissionId', 'SubmissionDate', 'Submitter'],
    required: any('SubmissionId', 'NetworkMessageId', 'Recipient', 'Submitter'),
  },
  URL: { identifiers: ['Url'], required: any('Url') },
};

/** Legacy `*CustomEntity` columns: when a query produces one, an entity mapping must use it (upstream CI rule). */
export const LEGACY_ENTITY_COLUMNS = ['AccountCustomEntity', 'HostCustomEntity', 'IPCustomEntity', 'URLCustomEntity', 'ProcessCustomEntity', 'FileHashCustomEntity'];
