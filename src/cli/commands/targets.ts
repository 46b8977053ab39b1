/**
 * `mamori targets pause|resume|remove <url|id>`: take a page off the watch for a while (pause), put
 * it back (resume), or drop it for good (remove), straight on the database. A running `mamori serve`
 * picks the change up at its next estate refresh (within a minute); a check job already queued for a
 * paused page does nothing. The API does the same (POST /api/targets/{id}/pause, ...), audited.
 */
import type { Command } from 'commander';
import { TargetControl } from '../../estate/target-control.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import type { Page, EstateStore } from '../../store/types.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';

const ACTIONS = ['pause', 'resume', 'remove'] as const;
type Action = (typeof ACTIONS)[number];

/** A page by id (digits) or by its URL as stored (normalised the way the watch list stores it). */
async function findPage(store: EstateStore, target: string): Promise<Page | null> {
  if (/^\d+$/.test(target)) return store.getPage(Number(target));
  const exact = await store.getPageByUrl(target);
  if (exact) return exact;
  try {
    return await store.getPageByUrl(new URL(target).href);
  } catch {
    return null;
  }
}

async function act(action: Action, page: Page, control: TargetControl, io: CliIo): Promise<number> {
  if (action === 'pause') {
    await control.pause(page.id, Date.now(), 'cli');
    io.out(`paused ${page.url} (page ${page.id}); \`mamori targets resume ${page.id}\` watches it again`);
    return EXIT.ok;
  }
  if (action === 'resume') {
    io.out(
      (await control.resume(page.id))
        ? `resumed ${page.url} (page ${page.id})`
        : `${page.url} (page ${page.id}) was not paused`,
    );
    return EXIT.ok;
  }
  const outcome = await control.remove(page.id);
  if (outcome === 'active-incident') {
    io.err(
      `${page.url} has an open or acknowledged incident: close it first, or pause the page to keep it (mamori targets pause ${page.id})`,
    );
    return EXIT.problem;
  }
  io.out(`removed ${page.url} (page ${page.id}) and its checks`);
  // Pages declared in mamori.yaml are put back by the estate sync when serve starts.
  if (page.source === 'declared')
    io.err(
      'If this page is listed in mamori.yaml, delete it there too, or `mamori serve` adds it back at its next start.',
    );
  return EXIT.ok;
}

export async function runTargets(action: string, target: string, flags: ConfigFlags, io: CliIo): Promise<number> {
  if (!(ACTIONS as readonly string[]).includes(action)) {
    io.err(`unknown action "${action}": use ${ACTIONS.join(', ')}`);
    return EXIT.usage;
  }
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const { store, handle } = await openStoreWithHandle({ url: config.database.url });
  try {
    await store.migrate();
    const page = await findPage(store, target);
    if (!page) {
      io.err(`no watched page "${target}" (give its id or its URL as listed by GET /api/pages)`);
      return EXIT.problem;
    }
    return await act(action as Action, page, new TargetControl(handle), io);
  } finally {
    await store.close();
  }
}

export function registerTargets(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('targets')
    .description(
      'pause <url|id>, resume <url|id>, remove <url|id>: stop watching a page for a while, again, or for good',
    )
    .argument('<action>', ACTIONS.join(', '))
    .argument('<target>', 'the page: its id or its URL')
    .action(async (action: string, target: string) =>
      setExit(await runTargets(action, target, program.opts<ConfigFlags>(), io)),
    );
}
