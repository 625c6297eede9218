import { apiFetch } from "@/lib/api/api-fetch";

/** GET a JSON API path; an API error becomes an Error with the API's own message (an ended session goes to /login). */
export const fetchJson = <T>(path: string): Promise<T> => apiFetch<T>(path);
