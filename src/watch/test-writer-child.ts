/**
 * A process recording checks through the CheckWriter's groups in concurrent lanes until it is killed,
 * printing each check (`pageId startedAt`) once its write resolved (acknowledged): the writer's test
 * kills it mid-group and checks that every acknowledged check is in the store. Each page's checks
 * repeat one body, so most extend the page's run (check-runs.ts). argv: <database file> <pages>.
 * Test support only.
 */
import { openStore } from '../store/open-store.ts';
import { T0, newCheck, seedSite, sha } from '../store/estate-fixtures.ts';
import { CheckWriter } from './check-writer.ts';

const [file, pagesArg] = process.argv.slice(2);
const store = await openStore({ url: `sqlite:${file!}` });
await store.migrate();
const site = await seedSite(store);
const pages: number[] = [];
for (let i = 0; i < Number(pagesArg); i++)
  pages.push((await store.addPage({ siteId: site.id, url: `${site.origin}/p${i}`, source: 'declared' }, T0)).page.id);
process.stdout.write('ready\n');

const writer = new CheckWriter(store);
const LANES = 16;
let clock = T0;
async function lane(n: number): Promise<never> {
  for (let i = n; ; i += LANES) {
    const pageId = pages[i % pages.length]!;
    const slot = writer.reserve();
    // A check's fetch: other lanes run meanwhile, so groups form as they do in the watch.
    await new Promise((resolve) => setImmediate(resolve));
    const startedAt = (clock += 1);
    await slot.write({
      check: newCheck(pageId, { startedAt, bodySha256: sha(pageId), bodyKept: true }),
      update: { status: 'unchanged', lastBodySha256: sha(pageId) },
    });
    process.stdout.write(`${pageId} ${startedAt}\n`);
  }
}
await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));
