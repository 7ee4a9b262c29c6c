// Agency-only resources (master key): accounts, profiles, users, roles.

import type { Nested } from '../body';
import type { Account, Profile, Role, User, UserAccountAccess } from '../data';
import {
	bad,
	boolField,
	byDate,
	enumParam,
	envelope,
	idParam,
	nowIso,
	ok,
	paging,
	requiredStr,
	single,
	str,
	unknownId,
	written,
	type Ctx,
	type Reply,
	type Route,
} from './common';

const MAX_PAGE = 250;

// ---------- accounts ----------

function renderProfile(p: Profile) {
	return { profile_id: p.profile_id, profile_name: p.profile_name, date_created: p.date_created };
}
function renderAccount(ctx: Ctx, a: Account) {
	const profiles = ctx.store.profiles.filter((p) => p.account_id === a.account_id).map(renderProfile);
	return { account_id: a.account_id, account_name: a.account_name, date_created: a.date_created, profiles };
}
function findAccount(ctx: Ctx, i = 0): Account {
	const a = ctx.store.account(idParam(ctx, i, 'account'));
	if (!a) throw unknownId(ctx, 'account');
	return a;
}

/** Removes an account's or profile's numbers, forms, leads and recordings. */
function cascade(ctx: Ctx, match: (x: { account_id: number; profile_id: number }) => boolean): void {
	const s = ctx.store;
	s.numbers = s.numbers.filter((n) => !match(n));
	s.forms = s.forms.filter((f) => !match(f));
	s.removeLeadsWhere(match);
}

const accountRoutes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/accounts$/,
		handler: (ctx) =>
			envelope(
				'accounts',
				paging(ctx, 'accounts_per_page', MAX_PAGE),
				byDate(ctx, ctx.store.accounts, (a) => a.account_id),
				(a) => renderAccount(ctx, a),
			),
	},
	{
		method: 'GET',
		pattern: /^\/accounts\/(\d+)$/,
		handler: (ctx) => single(ctx, 'accounts', 'accounts_per_page', renderAccount(ctx, findAccount(ctx))),
	},
	{
		method: 'POST',
		pattern: /^\/accounts$/,
		handler: (ctx) => {
			const name = requiredStr(ctx.body, 'account_name');
			const withProfile = boolField(ctx.body, 'create_profile') ?? false;
			const s = ctx.store;
			const acc: Account = { account_id: s.nextId.account++, account_name: name, date_created: nowIso(ctx) };
			s.accounts.push(acc);
			if (withProfile)
				s.profiles.push({ profile_id: s.nextId.profile++, account_id: acc.account_id, profile_name: name, date_created: nowIso(ctx) });
			return written(ctx, 'account_id', acc.account_id, () => renderAccount(ctx, acc));
		},
	},
	{
		method: 'POST',
		pattern: /^\/accounts\/(\d+)$/,
		handler: (ctx) => {
			const acc = findAccount(ctx);
			acc.account_name = requiredStr(ctx.body, 'account_name');
			for (const l of ctx.store.leads) {
				if (l.account_id !== acc.account_id) continue;
				l.account = acc.account_name;
				ctx.store.touch(l);
			}
			return written(ctx, 'account_id', acc.account_id, () => renderAccount(ctx, acc));
		},
	},
	{
		method: 'DELETE',
		pattern: /^\/accounts\/(\d+)$/,
		handler: (ctx) => {
			const acc = findAccount(ctx);
			const s = ctx.store;
			s.accounts = s.accounts.filter((a) => a !== acc);
			s.profiles = s.profiles.filter((p) => p.account_id !== acc.account_id);
			cascade(ctx, (x) => x.account_id === acc.account_id);
			for (const u of s.users) u.accounts = u.accounts.filter((x) => x.account_id !== acc.account_id);
			return ok({ account_id: acc.account_id });
		},
	},
];

// ---------- profiles ----------

function findProfile(ctx: Ctx, acc: Account): Profile {
	const p = ctx.store.profile(idParam(ctx, 1, 'profile'));
	if (!p || p.account_id !== acc.account_id) throw unknownId(ctx, 'profile');
	return p;
}

const profileRoutes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/accounts\/(\d+)\/profiles$/,
		handler: (ctx) => {
			const acc = findAccount(ctx);
			const mine = ctx.store.profiles.filter((p) => p.account_id === acc.account_id);
			return envelope(
				'profiles',
				paging(ctx, 'profiles_per_page', MAX_PAGE),
				byDate(ctx, mine, (p) => p.profile_id),
				renderProfile,
			);
		},
	},
	{
		method: 'GET',
		pattern: /^\/accounts\/(\d+)\/profiles\/(\d+)$/,
		handler: (ctx) => single(ctx, 'profiles', 'profiles_per_page', renderProfile(findProfile(ctx, findAccount(ctx)))),
	},
	{
		method: 'POST',
		pattern: /^\/accounts\/(\d+)\/profiles$/,
		handler: (ctx) => {
			const acc = findAccount(ctx);
			const name = requiredStr(ctx.body, 'profile_name');
			const p: Profile = {
				profile_id: ctx.store.nextId.profile++,
				account_id: acc.account_id,
				profile_name: name,
				date_created: nowIso(ctx),
			};
			ctx.store.profiles.push(p);
			return written(ctx, 'profile_id', p.profile_id, () => renderProfile(p));
		},
	},
	{
		method: 'POST',
		pattern: /^\/accounts\/(\d+)\/profiles\/(\d+)$/,
		handler: (ctx) => {
			const p = findProfile(ctx, findAccount(ctx));
			p.profile_name = requiredStr(ctx.body, 'profile_name');
			for (const l of ctx.store.leads) {
				if (l.profile_id !== p.profile_id) continue;
				l.profile = p.profile_name;
				ctx.store.touch(l);
			}
			return written(ctx, 'profile_id', p.profile_id, () => renderProfile(p));
		},
	},
	{
		method: 'DELETE',
		pattern: /^\/accounts\/(\d+)\/profiles\/(\d+)$/,
		handler: (ctx) => {
			const p = findProfile(ctx, findAccount(ctx));
			ctx.store.profiles = ctx.store.profiles.filter((x) => x !== p);
			cascade(ctx, (x) => x.profile_id === p.profile_id);
			return ok({ profile_id: p.profile_id });
		},
	},
];

// ---------- users ----------

function roleName(ctx: Ctx, id: number | null): string | null {
	return id === null ? null : (ctx.store.role(id)?.role_name ?? null);
}
function renderUser(ctx: Ctx, u: User) {
	return {
		user_id: u.user_id,
		user_type: u.user_type,
		email: u.email,
		pending_activation: u.pending_activation,
		date_created: u.date_created,
		role_id: u.role_id,
		role_name: roleName(ctx, u.role_id),
	};
}
function renderUserDetail(ctx: Ctx, u: User) {
	return {
		...renderUser(ctx, u),
		new_account_notifications: u.new_account_notifications,
		accounts: u.accounts.map((a) => ({
			account_id: a.account_id,
			account_name: ctx.store.account(a.account_id)?.account_name ?? null,
			role_id: a.role_id,
			role_name: roleName(ctx, a.role_id),
		})),
	};
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function roleOfType(ctx: Ctx, v: unknown, type: Role['role_type']): number | null | undefined {
	if (v === undefined || v === '') return undefined;
	if (v === null) return null;
	const id = Number(str(v));
	const r = Number.isInteger(id) ? ctx.store.role(id) : undefined;
	if (!r) throw unknownId(ctx, 'role');
	if (r.role_type !== type) throw bad(`Role ${id} is not a ${type === 'master_account_role' ? 'master account' : 'account'} role.`);
	return id;
}

/** accounts[] as ids (accounts[]=1) or objects (accounts[0][account_id]=1&accounts[0][role_id]=2). */
function accountAccess(ctx: Ctx, v: unknown): UserAccountAccess[] | undefined {
	if (v === undefined) return undefined;
	const list = Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v as Nested) : [v];
	return list.map((x) => {
		const o: Nested = x !== null && typeof x === 'object' ? (x as Nested) : { account_id: x };
		const id = Number(str(o.account_id));
		if (!Number.isInteger(id) || !ctx.store.account(id)) throw unknownId(ctx, 'account');
		return { account_id: id, role_id: roleOfType(ctx, o.role_id, 'account_role') ?? null };
	});
}

function saveUser(ctx: Ctx): Reply {
	const { body, store } = ctx;
	const userIdIn = str(body.user_id);
	const existing = userIdIn !== undefined ? store.users.find((u) => String(u.user_id) === userIdIn) : undefined;
	if (userIdIn !== undefined && !existing) throw unknownId(ctx, 'user');

	const type = str(body.user_type);
	if (type !== undefined && type !== 'master_account_user' && type !== 'account_user') {
		throw bad(`Invalid user_type: '${type}'. Valid values: master_account_user, account_user.`);
	}
	const email = str(body.email)?.trim();
	if (!existing && !email) throw bad('email is required.');
	if (email !== undefined && !EMAIL.test(email)) throw bad(`Invalid email: '${email}'.`);
	if (email && store.users.some((u) => u !== existing && u.email.toLowerCase() === email.toLowerCase())) {
		throw bad('A user with this email already exists.');
	}
	const userType = (type ?? existing?.user_type ?? 'master_account_user') as User['user_type'];
	const roleId = userType === 'master_account_user' ? roleOfType(ctx, body.role_id, 'master_account_role') : undefined;
	const accounts = accountAccess(ctx, body.accounts);
	const notify = boolField(body, 'new_account_notifications');

	const u: User = existing ?? {
		user_id: store.nextId.user++,
		user_type: userType,
		email: email!,
		pending_activation: true,
		date_created: nowIso(ctx),
		role_id: null,
		new_account_notifications: false,
		accounts: [],
	};
	u.user_type = userType;
	if (email) u.email = email;
	if (roleId !== undefined) u.role_id = roleId;
	if (userType === 'account_user') u.role_id = null;
	if (accounts) u.accounts = accounts;
	if (notify !== undefined) u.new_account_notifications = notify;
	if (!existing) store.users.push(u);
	return written(ctx, 'user_id', u.user_id, () => renderUserDetail(ctx, u));
}

const userRoutes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/users$/,
		handler: (ctx) => {
			const t = enumParam(ctx, 'user_type', ['master_account', 'account'] as const) ?? 'master_account';
			const mine = ctx.store.users.filter((u) => u.user_type === `${t}_user`);
			return envelope(
				'users',
				paging(ctx, 'users_per_page', MAX_PAGE),
				byDate(ctx, mine, (u) => u.user_id),
				(u) => renderUser(ctx, u),
			);
		},
	},
	{
		method: 'GET',
		pattern: /^\/users\/(\d+)$/,
		handler: (ctx) => {
			const id = idParam(ctx, 0, 'user');
			const u = ctx.store.users.find((x) => x.user_id === id);
			if (!u) throw unknownId(ctx, 'user');
			return single(ctx, 'users', 'users_per_page', renderUserDetail(ctx, u));
		},
	},
	// create and edit share the URL; user_id in the body means edit
	{ method: 'POST', pattern: /^\/users$/, handler: saveUser },
];

// ---------- roles ----------

const renderRole = (r: Role) => ({ role_id: r.role_id, role_type: r.role_type, role_name: r.role_name });

const roleRoutes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/roles$/,
		handler: (ctx) => {
			const t = enumParam(ctx, 'role_type', ['master_account', 'account'] as const) ?? 'master_account';
			const order = enumParam(ctx, 'order', ['asc', 'desc'] as const) ?? 'asc';
			const mine = ctx.store.roles
				.filter((r) => r.role_type === `${t}_role`)
				.sort((a, b) => a.role_name.localeCompare(b.role_name) || a.role_id - b.role_id);
			if (order === 'desc') mine.reverse();
			return envelope('roles', paging(ctx, 'roles_per_page', MAX_PAGE), mine, renderRole);
		},
	},
	{
		method: 'GET',
		pattern: /^\/roles\/(\d+)$/,
		handler: (ctx) => {
			const r = ctx.store.role(idParam(ctx, 0, 'role'));
			if (!r) throw unknownId(ctx, 'role');
			return single(ctx, 'roles', 'roles_per_page', {
				...renderRole(r),
				lead_notifications: r.lead_notifications,
				permissions: r.permissions,
			});
		},
	},
];

export const agencyRoutes: Route[] = [...accountRoutes, ...profileRoutes, ...userRoutes, ...roleRoutes].map((r) => ({
	...r,
	agency: true,
}));
