import type { RuleSettings } from '@holdfast/core';
import type { HoldfastStore, ImportOutcome, ImportProgress } from '@holdfast/core/store';

// The options page's import, export and settings.

/** What the options page's import, export and settings ask of the data layer. */
export interface OptionsService {
  importFile(
    /** The file's text, or its bytes (an `.xlsx` workbook is read from its bytes). */
    content: string | Uint8Array,
    fileName: string,
    memberId: string | null,
    now: Date,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportOutcome>;
  exportJson(now: Date): Promise<string>;
  exportCsv(): Promise<string>;
  settings(): Promise<RuleSettings>;
  updateSettings(change: Partial<RuleSettings>): Promise<RuleSettings>;
}

export function createOptionsService(store: HoldfastStore): OptionsService {
  return {
    importFile: (content, fileName, memberId, now, onProgress) =>
      store.importFile(content, { fileName, now, actorId: memberId ?? 'options-page', onProgress }),
    exportJson: (now) => store.backupJson(now),
    exportCsv: () => store.exportOrdersCsv(),
    settings: () => store.settings(),
    updateSettings: (change) => store.updateSettings(change),
  };
}
