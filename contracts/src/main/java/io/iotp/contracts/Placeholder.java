package io.iotp.contracts; public final class Placeholder {}
