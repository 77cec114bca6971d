// The part of the official Camunda 7 external task client (plain JavaScript) that the tests use.
declare module "camunda-external-task-client-js" {
  export type Interceptor = (config: Record<string, unknown>) => Record<string, unknown>;
  export class Variables {
    get(name: string): any; // eslint-disable-line @typescript-eslint/no-explicit-any
    getTyped(name: string): { type: string; value: unknown; valueInfo: Record<string, unknown> } | null;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): Variables;
    setTyped(name: string, typed: { type: string; value: unknown; valueInfo?: Record<string, unknown> }): Variables;
  }
  export interface Task {
    id: string;
    topicName: string;
    processInstanceId: string;
    businessKey: string | null;
    retries: number;
    variables: Variables;
    [field: string]: unknown;
  }
  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }
  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    interval?: number;
    lockDuration?: number;
    asyncResponseTimeout?: number;
    autoPoll?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: ((client: Client) => void) | ((client: Client) => void)[];
  }
  export class Client {
    constructor(options: ClientOptions);
    subscribe(topic: string, handler: (args: { task: Task; taskService: TaskService }) => Promise<void>): { unsubscribe(): void };
    on(event: string, listener: (...args: any[]) => void): this; // eslint-disable-line @typescript-eslint/no-explicit-any
    start(): void;
    stop(): void;
  }
  /** Its constructor returns the interceptor function itself. */
  export const BasicAuthInterceptor: new (options: { username: string; password: string }) => Interceptor;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export const logger: any;
}
