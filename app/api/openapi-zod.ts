// zod, extended once with .openapi() so the schemas that validate requests also describe them in OpenAPI.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };
