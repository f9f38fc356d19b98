/**
 * Built-in Azure Policy definitions for Managed HSM (ids as in Azure/azure-policy built-in-policies and the
 * "Azure Policy built-in definitions for Key Vault" page). A compliance state or assignment naming one of them
 * means Azure Policy watches the HSM.
 */
export const MANAGED_HSM_POLICIES: Record<string, string> = {
  'c39ba22d-4428-4149-b981-70acb31fc383': 'Azure Key Vault Managed HSM should have purge protection enabled',
  '19ea9d63-adee-4431-a95e-1913c6c1c75f': 'Azure Key Vault Managed HSM should disable public network access',
  '59fee2f4-d439-4f1b-9b9a-982e1474bfd8': 'Azure Key Vault Managed HSM should use private link',
  'a2a5b911-5617-447e-a49e-59dbe0e0434b': 'Resource logs in Azure Key Vault Managed HSM should be enabled',
  '86810a98-8e91-4a44-8386-ec66d0de5d57': 'Keys using RSA cryptography in Managed HSM should have a specified minimum key size',
  'e58fd0c1-feac-4d12-92db-0a7e9421f53e': 'Keys using elliptic curve cryptography in Managed HSM should have the specified curve names',
};

/** The built-in Managed HSM policy a definition id names, if it is one. */
export function managedHsmPolicy(definitionId: string | null | undefined): string | undefined {
  const name = (definitionId ?? '').split('/').pop()!.toLowerCase();
  return MANAGED_HSM_POLICIES[name];
}
