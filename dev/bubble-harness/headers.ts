/**
 * The plugin's headers on a page: the plugin-wide header and each element type's header are
 * evaluated once per page, as Bubble does, with key placeholders substituted. An external script
 * or a header script that throws is a violation.
 */
import { headerScripts, type ElementSpec, type PluginModel } from './plugin-model.js';
import { describeError } from './code-box.js';
import { substituteKeys, type KeyValues } from './keys.js';
import type { Violate } from './records.js';

export class HeaderLoader {
  private pluginHeaderLoaded: boolean;
  private readonly loaded: Set<string>;

  constructor(
    private readonly host: { model: PluginModel; keys: () => KeyValues; violate: Violate },
    /** Runs one inline header script in the page. */
    private readonly runScript: (code: string, el: ElementSpec | null) => void,
    /** Element IDs whose headers are already in the page (with them, the plugin-wide header too). */
    preloaded?: string[],
  ) {
    this.loaded = new Set(preloaded ?? []);
    this.pluginHeaderLoaded = preloaded !== undefined;
  }

  /** Evaluates the plugin-wide header and `spec`'s header unless the page has them already. */
  ensure(spec: ElementSpec): void {
    if (!this.pluginHeaderLoaded) {
      this.pluginHeaderLoaded = true;
      this.load(this.host.model.pluginHeader, null, 'plugin header (html_headers.html)');
    }
    if (this.loaded.has(spec.id)) return;
    this.loaded.add(spec.id);
    this.load(spec.headers, spec, `${spec.display} header`);
  }

  private load(html: string, spec: ElementSpec | null, where: string): void {
    const { model, keys, violate } = this.host;
    for (const s of headerScripts(substituteKeys(html, model, keys(), violate, where))) {
      if (s.src) {
        violate('header', where, `loads an external script (${s.src}); the harness serves no external scripts`);
        continue;
      }
      try {
        this.runScript(s.code, spec);
      } catch (e) {
        violate('header', where, `a header script threw: ${describeError(e)}`);
      }
    }
  }
}
