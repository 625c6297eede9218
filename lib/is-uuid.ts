const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL rejects a malformed uuid in a query: such an id simply matches no row. */
export const isUuid = (value: string): boolean => UUID.test(value);
