package io.iotp.bootstrapper; public final class IotpCli { public static void main(String[] a){} }
