/**
 * The API server's error answers: `Status` bodies (kind Status, status Failure) with a reason, a message and
 * details naming the resource.
 */
import { Reply, json } from '../http';
import { ResourceType } from './resources';

/** A Status answer with the HTTP code, reason and message the API server would give. */
export function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): Reply {
  return json(code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** A type as the API server names it in messages: `resource` or `resource.group`. */
export function resourceName(type: ResourceType): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

/** The details of a Status about one object. */
export function statusDetails(
  type: ResourceType,
  name: string,
): Record<string, unknown> {
  return {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.resource,
  };
}

/** 404: the object does not exist. */
export function objectNotFound(type: ResourceType, name: string): Reply {
  return status(
    404,
    'NotFound',
    `${resourceName(type)} "${name}" not found`,
    statusDetails(type, name),
  );
}

/** 404: no such path (an unknown group, version or resource). */
export function pathNotFound(): Reply {
  return status(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

/** 405: the method is not allowed on the path. */
export function methodNotAllowed(): Reply {
  return status(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}
