// The core's read-only tools the editor registers (until the core lists its tools itself).
import { AgentTool } from '../../agentTools/agentTool';
import { atTool } from '../../agentTools/tools/atTool';
import { historyTool } from '../../agentTools/tools/historyTool';
import { statusTool } from '../../agentTools/tools/statusTool';

export const AGENT_TOOLS: readonly AgentTool[] = [statusTool, atTool, historyTool];
