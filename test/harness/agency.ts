/** Test data for the agency resources: bulk accounts, profiles, users, numbers and forms, and picker values. */
import type { WhatConvertsServer } from '../server';

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A resource locator value as the editor saves it. */
export const pick = (value: string | number, mode: 'list' | 'id' = 'list') => ({ __rl: true, mode, value: String(value) });

/** Adds accounts until the agency has `total`, one a day from 2023; each new one gets `profilesEach` profiles. */
export function growAccounts(server: WhatConvertsServer, total: number, profilesEach = 0): void {
	const { data } = server;
	for (let i = data.accounts.length; i < total; i++) {
		const account_id = data.nextId.account++;
		data.accounts.push({ account_id, account_name: `Client ${String(i).padStart(3, '0')}`, date_created: iso(START + i * DAY) });
		addProfiles(server, account_id, profilesEach);
	}
}

export function addProfiles(server: WhatConvertsServer, accountId: number, count: number, prefix = 'Site'): number[] {
	const { data } = server;
	const ids: number[] = [];
	for (let j = 0; j < count; j++) {
		const profile_id = data.nextId.profile++;
		data.profiles.push({ profile_id, account_id: accountId, profile_name: `${prefix} ${j}`, date_created: iso(START + j * DAY) });
		ids.push(profile_id);
	}
	return ids;
}

/** Adds users of one type until there are `total` of that type. */
export function growUsers(server: WhatConvertsServer, type: 'master_account_user' | 'account_user', total: number): void {
	const { data } = server;
	for (let i = data.users.filter((u) => u.user_type === type).length; i < total; i++) {
		data.users.push({
			user_id: data.nextId.user++,
			user_type: type,
			email: `user${i}.${type}@agency.example`,
			pending_activation: false,
			date_created: iso(START + i * DAY),
			role_id: null,
			new_account_notifications: false,
			accounts: [],
		});
	}
}

/** Copies the first seeded tracking number and form until there are `total` of each. */
export function growTracking(server: WhatConvertsServer, total: number): void {
	const { data } = server;
	const [number] = data.numbers;
	const [form] = data.forms;
	while (data.numbers.length < total) data.numbers.push({ ...number, phone_number_id: data.nextId.number++ });
	while (data.forms.length < total) data.forms.push({ ...form, form_id: data.nextId.form++ });
}

/** Adds agency roles until there are `total` of them. */
export function growRoles(server: WhatConvertsServer, total: number): void {
	const { data } = server;
	const [template] = data.roles;
	for (let i = data.roles.filter((r) => r.role_type === 'master_account_role').length; i < total; i++) {
		data.roles.push({
			...template,
			role_id: data.nextId.role++,
			role_type: 'master_account_role',
			role_name: `Role ${String(i).padStart(3, '0')}`,
		});
	}
}
