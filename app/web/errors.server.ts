// Domain errors thrown while loading a page become HTTP answers the error boundary shows.
import { DomainError, httpStatusOf } from "../domain/errors";

/** Awaits a service call; a DomainError becomes a thrown Response with its status and message. */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: httpStatusOf[error.code], statusText: error.code });
    throw error;
  }
}
