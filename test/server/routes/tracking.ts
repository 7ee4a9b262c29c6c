// Tracking numbers and tracking forms (both keys; a profile key sees its own profile only).

import type { TrackingForm, TrackingNumber } from '../data';
import { bad, envelope, idParam, intParam, ok, paging, q, unknownId, type Ctx, type Reply, type Route } from './common';

const MAX_PAGE = 250;

/** The items this key may see, narrowed by account_id / profile_id for a master key. */
function scoped<T extends { account_id: number; profile_id: number }>(ctx: Ctx, xs: T[]): T[] {
	if (ctx.key.kind === 'profile') {
		const sent = q(ctx, 'account_id') !== undefined || q(ctx, 'profile_id') !== undefined;
		if (sent && ctx.behaviour.profileKeyScopeFilters === 'reject') {
			throw bad('account_id and profile_id are not supported with a profile API key.');
		}
		return xs.filter((x) => x.profile_id === ctx.key.profileId);
	}
	const accountId = intParam(ctx, 'account_id');
	const profileId = intParam(ctx, 'profile_id');
	if (accountId !== undefined && !ctx.store.account(accountId)) throw unknownId(ctx, 'account');
	if (profileId !== undefined && !ctx.store.profile(profileId)) throw unknownId(ctx, 'profile');
	return xs.filter(
		(x) => (accountId === undefined || x.account_id === accountId) && (profileId === undefined || x.profile_id === profileId),
	);
}

function profileName(ctx: Ctx, id: number): string | null {
	return ctx.store.profile(id)?.profile_name ?? null;
}

function renderNumber(ctx: Ctx, n: TrackingNumber) {
	const { account_id, profile_id, phone_number_id, ...rest } = n;
	return { account_id, profile_id, profile: profileName(ctx, profile_id), phone_number_id, ...rest };
}
function renderForm(ctx: Ctx, f: TrackingForm) {
	const { account_id, profile_id, form_id, ...rest } = f;
	return { account_id, profile_id, profile: profileName(ctx, profile_id), form_id, ...rest };
}

function remove<T extends { account_id: number; profile_id: number }>(
	ctx: Ctx,
	xs: T[],
	idOf: (x: T) => number,
	what: string,
	idKey: string,
): Reply {
	const id = idParam(ctx, 0, what);
	const item = scoped(ctx, xs).find((x) => idOf(x) === id);
	if (!item) throw unknownId(ctx, what);
	xs.splice(xs.indexOf(item), 1);
	return ok({ [idKey]: id });
}

export const trackingRoutes: Route[] = [
	{
		method: 'GET',
		pattern: /^\/tracking\/numbers$/,
		handler: (ctx) => {
			const items = scoped(ctx, ctx.store.numbers).sort((a, b) => a.phone_number_id - b.phone_number_id);
			return envelope('numbers', paging(ctx, 'numbers_per_page', MAX_PAGE), items, (n) => renderNumber(ctx, n));
		},
	},
	{
		method: 'DELETE',
		pattern: /^\/tracking\/numbers\/(\d+)$/,
		handler: (ctx) => remove(ctx, ctx.store.numbers, (n) => n.phone_number_id, 'phone number', 'phone_number_id'),
	},
	{
		method: 'GET',
		pattern: /^\/tracking\/forms$/,
		handler: (ctx) => {
			const items = scoped(ctx, ctx.store.forms).sort((a, b) => a.form_id - b.form_id);
			return envelope('forms', paging(ctx, 'forms_per_page', MAX_PAGE), items, (f) => renderForm(ctx, f));
		},
	},
	{
		method: 'DELETE',
		pattern: /^\/tracking\/forms\/(\d+)$/,
		handler: (ctx) => remove(ctx, ctx.store.forms, (f) => f.form_id, 'form', 'form_id'),
	},
];
