/**
 * `mamori users list|add|passwd|disable`: accounts from the command line, straight on the database
 * (for the first admin on a closed network, or a locked-out one). Thin: parse, call the AuthStore, print.
 */
import type { Command } from 'commander';
import { AuthStore } from '../../auth/auth-store.ts';
import { generatePassword } from '../../auth/password.ts';
import { ROLES, type Role } from '../../auth/types.ts';
import type { MamoriConfig } from '../../config/schema.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import type { EstateStore } from '../../store/types.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { formatUsers } from '../formatters/users.ts';
import { EXIT, type CliIo } from '../io.ts';

interface UserFlags extends ConfigFlags {
  json?: boolean;
  role?: string;
  org?: string[];
  password?: string;
  name?: string;
  enable?: boolean;
}

async function withAuth(
  config: MamoriConfig,
  fn: (auth: AuthStore, store: EstateStore) => Promise<number>,
): Promise<number> {
  const { store, handle } = await openStoreWithHandle({ url: config.database.url });
  try {
    await store.migrate();
    return await fn(new AuthStore(handle), store);
  } finally {
    await store.close();
  }
}

/** Organisation slugs to ids; the unknown ones are reported. */
async function orgIds(store: EstateStore, slugs: readonly string[], io: CliIo): Promise<number[] | null> {
  const orgs = await store.listOrganisations();
  const unknown = slugs.filter((s) => !orgs.some((o) => o.slug === s));
  if (unknown.length > 0) {
    io.err(`no organisation with slug ${unknown.map((s) => `"${s}"`).join(', ')} (see mamori status)`);
    return null;
  }
  return slugs.map((s) => orgs.find((o) => o.slug === s)!.id);
}

function checkPassword(password: string | undefined, io: CliIo): string | null {
  if (password !== undefined && password.length < 8) {
    io.err('--password must be at least 8 characters');
    return null;
  }
  return password ?? generatePassword();
}

export async function runUsers(
  action: string,
  username: string | undefined,
  flags: UserFlags,
  io: CliIo,
): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  if (action !== 'list' && !username) {
    io.err(`mamori users ${action} needs a username`);
    return EXIT.usage;
  }
  return withAuth(config, async (auth, store) => {
    if (action === 'list') {
      const users = await auth.listUsers();
      const slugs = new Map((await store.listOrganisations()).map((o) => [o.id, o.slug]));
      io.out(flags.json ? JSON.stringify({ items: users }) : formatUsers(users, (id) => slugs.get(id) ?? `#${id}`));
      return EXIT.ok;
    }
    if (action === 'add') {
      if (!flags.role || !(ROLES as readonly string[]).includes(flags.role)) {
        io.err(`--role must be one of ${ROLES.join(', ')}`);
        return EXIT.usage;
      }
      const organisationIds = await orgIds(store, flags.org ?? [], io);
      const password = checkPassword(flags.password, io);
      if (!organisationIds || !password) return EXIT.usage;
      if (await auth.getUserByName(username!)) {
        io.err(`an account named "${username}" already exists`);
        return EXIT.usage;
      }
      const generated = flags.password === undefined;
      await auth.addUser(
        {
          username: username!,
          role: flags.role as Role,
          organisationIds,
          password,
          mustChangePassword: generated,
          ...(flags.name ? { displayName: flags.name } : {}),
        },
        Date.now(),
      );
      io.out(
        generated
          ? `created ${username} (${flags.role}); one-time password: ${password}`
          : `created ${username} (${flags.role})`,
      );
      return EXIT.ok;
    }
    const user = await auth.getUserByName(username!);
    if (!user) {
      io.err(`no account named "${username}" (see mamori users list)`);
      return EXIT.problem;
    }
    if (action === 'passwd') {
      const password = checkPassword(flags.password, io);
      if (!password) return EXIT.usage;
      const generated = flags.password === undefined;
      await auth.updateUser(user.id, { password, mustChangePassword: generated });
      io.out(
        generated
          ? `new one-time password for ${username}: ${password} (its sessions were ended)`
          : `password of ${username} changed (its sessions were ended)`,
      );
      return EXIT.ok;
    }
    if (action === 'disable') {
      await auth.updateUser(user.id, { disabled: !flags.enable });
      io.out(flags.enable ? `${username} enabled` : `${username} disabled (its sessions were ended)`);
      return EXIT.ok;
    }
    io.err(`unknown action "${action}": use list, add, passwd or disable`);
    return EXIT.usage;
  });
}

export function registerUsers(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('users')
    .description(
      'accounts: list, add <username> --role r [--org slug], passwd <username>, disable <username> [--enable]',
    )
    .argument('<action>', 'list, add, passwd or disable')
    .argument('[username]')
    .option('--role <role>', `add: ${ROLES.join(', ')}`)
    .option('--org <slug...>', 'add: the organisations a member or investigator sees')
    .option('--name <display name>', 'add: the name shown in the dashboard')
    .option('--password <password>', 'add, passwd: this password (default: a random one-time password, printed)')
    .option('--enable', 'disable: enable the account again instead')
    .option('--json', 'list: print JSON')
    .action(async (action: string, username: string | undefined, flags: UserFlags) =>
      setExit(await runUsers(action, username, { ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
