/** The downloadable platform contract: the bundle zip and the JSON Schemas one by one. */
@NullMarked
package io.iotp.appcontroller.contract;

import org.jspecify.annotations.NullMarked;
