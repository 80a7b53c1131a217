package io.iotp.starter; public final class Placeholder {}
