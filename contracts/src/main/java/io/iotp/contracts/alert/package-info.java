/** The {@code notify-admin} topic: problems an admin should know about. */
@NullMarked
package io.iotp.contracts.alert;

import org.jspecify.annotations.NullMarked;
