// one of four test files run at once: see started-on-a-free-port.ts
import './started-on-a-free-port.js'
