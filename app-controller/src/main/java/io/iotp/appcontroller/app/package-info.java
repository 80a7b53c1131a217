/**
 * The app registry: upload of app packages, their versions in MongoDB and their zips in
 * the blob store.
 */
@NullMarked
package io.iotp.appcontroller.app;

import org.jspecify.annotations.NullMarked;
