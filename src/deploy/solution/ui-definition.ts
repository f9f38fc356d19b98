/**
 * The package's `createUiDefinition.json`: the Content Hub's install blade, in the packager's layout (pick a
 * workspace in the resource group, then one step per content type listing what the solution installs). Its
 * outputs are the main template's parameters: `workspace`, `workspace-location` and `location`.
 */
import type { DeployContent } from '../model.ts';
import { logoHtml, summaryCounts, type PackageItem } from './main-template.ts';
import type { SolutionInfo } from './info.ts';

type Json = Record<string, unknown>;

const text = (name: string, t: string): Json => ({ name, type: 'Microsoft.Common.TextBlock', options: { text: t } });
const link = (name: string, label: string, uri: string): Json => ({ name, type: 'Microsoft.Common.TextBlock', options: { link: { label, uri } } });
const section = (name: string, label: string, body: string): Json => ({ name, type: 'Microsoft.Common.Section', label, elements: [text(`${name}-text`, body)] });

export function buildUiDefinition(content: DeployContent, info: SolutionInfo, items: PackageItem[]): Json {
  const counts = summaryCounts(items).map(([k, c]) => `**${k}:** ${c}`).join(', ');
  const steps: Json[] = [];
  const parsers = content.functions;
  if (parsers.length) {
    steps.push({
      name: 'parsers', label: 'Parsers', bladeTitle: 'Parsers',
      elements: [
        text('parsers-text', `This solution installs ${parsers.length === 1 ? 'a parser' : `${parsers.length} parsers`} the analytic rules use: ${parsers.map((p) => p.name).join(', ')}. Call ${parsers.length === 1 ? 'it' : 'them'} by name in Logs.`),
        link('parsers-link', 'Learn more', 'https://docs.microsoft.com/azure/azure-monitor/logs/functions'),
      ],
    });
  }
  const workbooks = [...content.workbooks].sort((a, b) => a.id.localeCompare(b.id));
  if (workbooks.length) {
    steps.push({
      name: 'workbooks', label: 'Workbooks', subLabel: { preValidation: 'Configure the workbooks', postValidation: 'Done' }, bladeTitle: 'Workbooks',
      elements: [
        text('workbooks-text', 'This solution installs workbook(s) to help you gain insights into the telemetry collected in Microsoft Sentinel. After installing the solution, start using the workbook in Manage solution view.'),
        link('workbooks-link', 'Learn more', 'https://docs.microsoft.com/azure/sentinel/tutorial-monitor-your-data'),
        ...workbooks.map((w, k) => section(`workbook${k + 1}`, w.displayName, w.description ?? w.displayName)),
      ],
    });
  }
  const rules = [...content.rules].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
  if (rules.length) {
    steps.push({
      name: 'analytics', label: 'Analytics', subLabel: { preValidation: 'Configure the analytics', postValidation: 'Done' }, bladeTitle: 'Analytics',
      elements: [
        text('analytics-text', 'This solution installs the following analytic rule templates. After installing the solution, create and enable analytic rules in Manage solution view.'),
        link('analytics-link', 'Learn more', 'https://docs.microsoft.com/azure/sentinel/tutorial-detect-threats-custom?WT.mc_id=Portal-Microsoft_Azure_CreateUIDef'),
        ...rules.map((r, k) => section(`analytic${k + 1}`, r.name, r.description.trim())),
      ],
    });
  }
  return {
    $schema: 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#',
    handler: 'Microsoft.Azure.CreateUIDef',
    version: '0.1.2-preview',
    parameters: {
      config: {
        isWizard: false,
        basics: {
          description: `${logoHtml(info.logo)}\n\n${info.description}\n\n${counts}\n\n[Learn more about Microsoft Sentinel](https://aka.ms/azuresentinel) | [Learn more about Solutions](https://aka.ms/azuresentinelsolutionsdoc)`,
          subscription: { resourceProviders: ['Microsoft.OperationsManagement/solutions', 'Microsoft.OperationalInsights/workspaces/providers/alertRules', 'Microsoft.Insights/workbooks', 'Microsoft.Logic/workflows'] },
          location: { metadata: { hidden: 'Hiding location, we get it from the log analytics workspace' }, visible: false },
          resourceGroup: { allowExisting: true },
        },
      },
      basics: [
        {
          name: 'getLAWorkspace', type: 'Microsoft.Solutions.ArmApiControl', toolTip: 'This filters by workspaces that exist in the Resource Group selected',
          condition: '[greater(length(resourceGroup().name),0)]',
          request: { method: 'GET', path: "[concat(subscription().id,'/providers/Microsoft.OperationalInsights/workspaces?api-version=2020-08-01')]" },
        },
        {
          name: 'workspace', type: 'Microsoft.Common.DropDown', label: 'Workspace', placeholder: 'Select a workspace',
          toolTip: 'This dropdown will list only workspace that exists in the Resource Group selected',
          constraints: {
            allowedValues: "[map(filter(basics('getLAWorkspace').value, (filter) => contains(toLower(filter.id), toLower(resourceGroup().name))), (item) => parse(concat('{\"label\":\"', item.name, '\",\"value\":\"', item.name, '\"}')))]",
            required: true,
          },
          visible: true,
        },
      ],
      steps,
      outputs: {
        'workspace-location': "[first(map(filter(basics('getLAWorkspace').value, (filter) => and(contains(toLower(filter.id), toLower(resourceGroup().name)),equals(filter.name,basics('workspace')))), (item) => item.location))]",
        location: '[location()]',
        workspace: "[basics('workspace')]",
      },
    },
  };
}
