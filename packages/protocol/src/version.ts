/** Bumped whenever a payload changes shape in a way an older peer cannot read. */
export const PROTOCOL_VERSION = 3;
