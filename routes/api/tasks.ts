// GET /api/tasks: the task catalog with each task's metadata (loaded again when a task file
// changes: tasks are edited while the server runs), and the folders that failed to load.
import { createRoute, z } from "@hono/zod-openapi";
import { CATEGORIES, LANGUAGES, REPORTS, type Task } from "../../harness/catalog.ts";
import { newRouter } from "../../server/router.ts";

const TaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  language: z.enum(LANGUAGES),
  category: z.enum(CATEGORIES),
  difficulty: z.string(),
  tags: z.array(z.string()),
  editable: z.array(z.string()),
  requires: z.record(z.string(), z.string()),
  report: z.enum(REPORTS),
  timeout_s: z.number(),
  files: z.object({ workspace: z.number(), tests: z.number(), solution: z.number() }),
  content_hash: z.string(),
}).openapi("Task");

export const TaskListSchema = z.object({
  tasks: z.array(TaskSchema),
  /** One line per task folder that does not follow the task format. */
  problems: z.array(z.string()),
}).openapi("TaskList");

const listTasks = createRoute({
  method: "get",
  path: "/tasks",
  tags: ["tasks"],
  summary: "The task catalog with metadata",
  responses: {
    200: {
      description: "Every loadable task, and one line per malformed task folder",
      content: { "application/json": { schema: TaskListSchema } },
    },
  },
});

function taskInfo(t: Task): z.infer<typeof TaskSchema> {
  return {
    id: t.id,
    title: t.meta.title,
    language: t.meta.language,
    category: t.meta.category,
    difficulty: t.meta.difficulty,
    tags: t.meta.tags,
    editable: t.meta.editable,
    requires: t.meta.requires ?? {},
    report: t.meta.evaluation.report,
    timeout_s: t.meta.evaluation.timeout_s,
    files: {
      workspace: t.workspaceFiles.length,
      tests: t.testFiles.length,
      solution: t.solutionFiles.length,
    },
    content_hash: t.contentHash,
  };
}

export function tasksRoutes() {
  return newRouter().openapi(listTasks, async (c) => {
    const catalog = await c.var.deps.catalog.get();
    return c.json({
      tasks: catalog.tasks.map(taskInfo),
      problems: catalog.problems.map((p) => p.message),
    }, 200);
  });
}
