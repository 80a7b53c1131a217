/** Document-store plumbing shared by the services that own MongoDB collections. */
@NullMarked
package io.iotp.starter.mongo;

import org.jspecify.annotations.NullMarked;
