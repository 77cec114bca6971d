// bpmn-moddle 10 ships types only under "bpmn-moddle/types"; this is the slice of its main entry we use.
declare module "bpmn-moddle" {
  /** A parsed BPMN/extension element. Properties depend on `$type`; read them with `get`. */
  export interface ModdleElement {
    $type: string;
    /** Attributes no registered package defines (kept as written, keyed by qualified name). */
    $attrs: Record<string, string>;
    $parent?: ModdleElement;
    /** Generic (unknown-namespace) elements keep their children here. */
    $children?: ModdleElement[];
    $body?: string;
    id?: string;
    name?: string;
    get(name: string): unknown;
    [property: string]: unknown;
  }

  export interface ParseWarning {
    message: string;
    element?: ModdleElement;
    property?: string;
    value?: string;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: ModdleElement;
    elementsById: Record<string, ModdleElement>;
    warnings: ParseWarning[];
  }

  export interface ModdlePackage {
    name: string;
    uri: string;
    prefix: string;
    types: Array<{
      name: string;
      extends?: string[];
      superClass?: string[];
      isAbstract?: boolean;
      properties?: Array<{ name: string; type: string; isAttr?: boolean; isMany?: boolean }>;
    }>;
    [key: string]: unknown;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, ModdlePackage>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
