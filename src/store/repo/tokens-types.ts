// Types shared by the token and user repositories and the server's permission matrix.
import type { ROLES } from '../schema.js';

/** A role a user holds. */
export type Role = (typeof ROLES)[number];
/** What a token may do: read, write (mutations), admin (users and other people's tokens). */
export type TokenScope = 'read' | 'write' | 'admin';
