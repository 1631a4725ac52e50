/** /workbook/editor-types.json: the declaration files the in-browser editor loads when a reader presses Edit. */
import type { APIRoute } from 'astro';
import { collectEditorTypes } from '../../lib/editor-types.ts';

export const prerender = true;

/** Serve the collected declarations as one JSON object of `file:///` path → content. */
export const GET: APIRoute = () =>
  new Response(JSON.stringify(collectEditorTypes()), { headers: { 'Content-Type': 'application/json' } });
