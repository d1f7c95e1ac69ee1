import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, CallToolResult, ListToolsRequestSchema, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS, AgentTool, MoveRunner, createToolContext } from '../../agentTools';
import { Git, escapeUntrusted, isEdgitError } from '../../engine';

/**
 * `edgit-deploy mcp`: the agent tools (src/agentTools) served over stdio with the Model Context
 * Protocol. Loaded only by that command (its own bundle, dist/mcpServer.js), so no other command
 * pays for the SDK. stdout carries the protocol and nothing else; what is logged goes to stderr.
 */

export interface McpServeOptions {
  readonly git: Git;
  /** Whether the moving tools are served (`--allow-moves`); each still needs the person's confirmation word. */
  readonly allowMoves: boolean;
  /** How moves are applied: the CLI's own commands. */
  readonly runMove: MoveRunner;
  readonly version: string;
}

/** A tool as MCP lists it: read-only ones say so; moving ones are destructive and not idempotent. */
function listed(tool: AgentTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool['inputSchema'],
    annotations: tool.moves
      ? { title: tool.title, readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
      : { title: tool.title, readOnlyHint: true, openWorldHint: false },
  };
}

const errorResult = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** Serves the tools on stdin/stdout until the client closes the connection. */
export async function serveMcp(options: McpServeOptions): Promise<void> {
  const tools = AGENT_TOOLS.filter((t) => options.allowMoves || !t.moves);
  const context = createToolContext(options.git, { runMove: options.runMove });
  const server = new Server({ name: 'edgit', title: 'Edgit', version: options.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools.map(listed) }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: input } = request.params;
    const tool = AGENT_TOOLS.find((t) => t.name === name);
    if (!tool) return errorResult(`No tool "${escapeUntrusted(name)}". Tools: ${tools.map((t) => t.name).join(', ')}.`);
    if (tool.moves && !options.allowMoves) {
      return errorResult(`${tool.name} moves tags, and this server is read-only: nothing was changed. Start it with \`edgit-deploy mcp --allow-moves\` to allow moves (each still needs the person's confirmation).`);
    }
    const started = Date.now();
    try {
      // A moving tool with `confirm` applies (the word checked first); without, it answers with the plan.
      const confirming = tool.moves && tool.apply && input && typeof input === 'object' && 'confirm' in input;
      const answer = confirming && tool.apply ? await tool.apply(context, input) : await tool.answer(context, input);
      process.stderr.write(`edgit mcp: ${tool.name} answered in ${Date.now() - started} ms\n`);
      return { content: [{ type: 'text', text: answer.text }], structuredContent: { result: answer.json } };
    } catch (e) {
      if (isEdgitError(e)) return errorResult(e.userMessage);
      process.stderr.write(`edgit mcp: ${tool.name} failed: ${escapeUntrusted(String(e instanceof Error ? (e.stack ?? e) : e), { keepNewlines: true })}\n`);
      return errorResult(`${tool.name} failed unexpectedly: ${escapeUntrusted(String(e))}`);
    }
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  await server.connect(transport);
  process.stderr.write(`edgit mcp: serving ${tools.length} tool(s) for ${options.git.cwd}${options.allowMoves ? ' (moves allowed, each confirmed)' : ' (read-only)'}\n`);
  await closed;
}
